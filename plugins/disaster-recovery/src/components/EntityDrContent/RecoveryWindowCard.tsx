import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RecoveryWindowResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { hasDatabaseTarget } from '../../filters';
import {
  AsyncSection,
  LabelledRow,
  StatusChip,
  formatRelative,
  formatTimestamp,
} from '../common';

/** How many of the newest dump times the card lists. */
const DUMPS_SHOWN = 5;

function when(iso: string): string {
  return `${formatTimestamp(iso)} (${formatRelative(iso)})`;
}

/** The card's content for one answer of the recovery-window route. */
export function RecoveryWindowDetails(props: {
  window: RecoveryWindowResponse;
}) {
  const { pitr, dumps, totalDumps, oldestDumpAt } = props.window;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <LabelledRow label="Point in time" labelWidth={110}>
        {pitr.available ? (
          <>
            <StatusChip status="pass" label="Available" />
            <Typography variant="body2" component="span">
              from <strong>{formatTimestamp(pitr.earliest)}</strong> to{' '}
              <strong>{formatTimestamp(pitr.latest)}</strong>
            </Typography>
            <Typography variant="body2" component="span" color="textSecondary">
              {`stanza ${pitr.stanza}; the latest is the last ${
                pitr.latestSource === 'archiver' ? 'archived WAL' : 'backup'
              } (${formatRelative(pitr.latest)})`}
            </Typography>
          </>
        ) : (
          <>
            <StatusChip status="unknown" label="Not available" />
            <Typography variant="body2" component="span" color="textSecondary">
              {pitr.reason}
            </Typography>
          </>
        )}
      </LabelledRow>
      <LabelledRow label="Dumps" labelWidth={110}>
        <Typography variant="body2" component="span">
          {totalDumps === 0
            ? 'No dump is indexed'
            : `${totalDumps} indexed, newest ${when(dumps[0].takenAt)}${
                oldestDumpAt ? `, oldest ${when(oldestDumpAt)}` : ''
              }`}
        </Typography>
      </LabelledRow>
      {dumps.length > 0 && (
        <Box component="ul" m={0} pl={16} aria-label="Newest dumps">
          {dumps.slice(0, DUMPS_SHOWN).map(d => (
            <Typography component="li" variant="body2" key={d.key}>
              {`${formatTimestamp(d.takenAt)}: ${d.key}${
                d.verification
                  ? ` (verification ${d.verification.status})`
                  : ' (not verified)'
              }`}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}

/**
 * What the entity's database can be recovered to: the PITR window from pgBackRest (the one the
 * point-in-time restore checks against) and the times of the indexed dumps. Renders nothing for
 * entities without a database target.
 */
export function RecoveryWindowCard(props: { entity: Entity }) {
  const { entity } = props;
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(disasterRecoveryApiRef);
  const enabled = hasDatabaseTarget(entity);
  const state = useAsync(
    async () => (enabled ? api.getRecoveryWindow(entityRef) : undefined),
    [api, entityRef, enabled],
  );
  if (!enabled) return null;
  return (
    <AsyncSection state={state} title="Could not read the recoverable window">
      {window => (
        <InfoCard
          title="Recoverable window"
          subheader={`Target ${window.target}, read ${formatRelative(
            window.observedAt,
          )}`}
        >
          <RecoveryWindowDetails window={window} />
        </InfoCard>
      )}
    </AsyncSection>
  );
}
