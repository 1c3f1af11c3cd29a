import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  TargetTopologyResponse,
  TopologyServer,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { hasDatabaseTarget } from '../../filters';
import {
  AsyncSection,
  LabelledRow,
  StatusChip,
  formatBytes,
  formatRelative,
  formatSeconds,
  formatTimestamp,
} from '../common';

function serverText(server: TopologyServer): string {
  return `${server.host}:${server.port} (configured ${server.configured})`;
}

function StandbyRow(props: { topology: TargetTopologyResponse }) {
  const { standby, replication, reprotectNeeded } = props.topology;
  if (reprotectNeeded) {
    return (
      <LabelledRow label="Standby">
        <StatusChip status="fail" label="No standby — reprotect needed" />
        <Typography variant="body2" component="span" color="textSecondary">
          Nothing streams from the primary. Run the “Reprotect and fail back a
          database” template: the old primary rewinds and streams from the new
          one.
        </Typography>
      </LabelledRow>
    );
  }
  if (!standby) {
    return (
      <LabelledRow label="Standby">
        <Typography variant="body2" component="span">
          No standby configured
        </Typography>
      </LabelledRow>
    );
  }
  const streaming = replication?.standbyConnected;
  const lag = [
    replication?.replayLagSeconds !== undefined
      ? `replay lag ${formatSeconds(replication.replayLagSeconds)}`
      : undefined,
    replication?.lagBytes !== undefined
      ? `${formatBytes(replication.lagBytes)} behind`
      : undefined,
    replication ? `observed ${formatRelative(replication.observedAt)}` : '',
  ].filter(Boolean);
  return (
    <LabelledRow label="Standby">
      <Typography variant="body2" component="span">
        {serverText(standby)}
      </Typography>
      {streaming === undefined ? (
        <StatusChip status="unknown" label="Not observed yet" />
      ) : (
        <StatusChip
          status={streaming ? 'pass' : 'fail'}
          label={streaming ? 'Streaming' : 'Not streaming'}
        />
      )}
      <Typography variant="body2" component="span" color="textSecondary">
        {lag.join(' · ')}
      </Typography>
    </LabelledRow>
  );
}

/** The card's content for one answer of the topology route. */
export function TopologyDetails(props: { topology: TargetTopologyResponse }) {
  const { topology } = props;
  const { change } = topology;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <LabelledRow label="Primary">
        <Typography variant="body2" component="span">
          {serverText(topology.primary)}
        </Typography>
      </LabelledRow>
      <StandbyRow topology={topology} />
      <LabelledRow label="Changed">
        <Typography variant="body2" component="span">
          {change
            ? [
                `${formatTimestamp(change.at)} (${formatRelative(change.at)})`,
                change.runId &&
                  `by ${change.operation ? `${change.operation} ` : ''}run ${
                    change.runId
                  }`,
                change.initiatedBy && `started by ${change.initiatedBy}`,
              ]
                .filter(Boolean)
                .join(' · ')
            : 'Never: the servers have their configured roles'}
        </Typography>
      </LabelledRow>
    </Box>
  );
}

/**
 * The current primary and standby of the entity's database target, the run that last changed
 * them, and "no standby — reprotect needed" after a switchover or failover. Renders nothing for
 * entities without a database target.
 */
export function TopologyCard(props: { entity: Entity }) {
  const { entity } = props;
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(disasterRecoveryApiRef);
  const enabled = hasDatabaseTarget(entity);
  const state = useAsync(
    async () => (enabled ? api.getTopology(entityRef) : undefined),
    [api, entityRef, enabled],
  );
  if (!enabled) return null;
  return (
    <AsyncSection state={state} title="Could not load the database topology">
      {topology => (
        <InfoCard
          title="Database topology"
          subheader={`Target ${topology.target}`}
        >
          <TopologyDetails topology={topology} />
        </InfoCard>
      )}
    </AsyncSection>
  );
}
