import { useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import useAsync from 'react-use/esm/useAsync';
import {
  CHECK_STATUSES,
  compareStatus,
  summarizeStatuses,
  type FleetPostureItem,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import {
  EntityLink,
  entityRefName,
  StatusChip,
  formatBreach,
  formatRelative,
} from '../common';

/** Number of columns of the fleet table (the expanded checks span them all). */
export const FLEET_COLUMNS = 8;

/** `2 fail · 1 warn · 9 pass`: a row's checks counted by status, worst first, in words. */
export function checkCountsText(item: FleetPostureItem): string {
  const counts = summarizeStatuses(item.checks);
  const parts = CHECK_STATUSES.filter(s => counts[s] > 0).map(
    s => `${counts[s]} ${s}`,
  );
  return parts.length ? parts.join(' · ') : 'no checks';
}

/** The checks of one row, read on demand from the same stored evaluation the row shows. */
function RowChecks(props: { entityRef: string }) {
  const api = useApi(disasterRecoveryApiRef);
  const state = useAsync(
    () => api.getStoredPosture(props.entityRef),
    [api, props.entityRef],
  );
  if (state.loading) return <Progress />;
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title="Could not load the checks"
      />
    );
  }
  const checks = [...(state.value?.checks ?? [])].sort((a, b) =>
    compareStatus(a.status, b.status),
  );
  return (
    <Box py={1}>
      <Typography variant="caption" color="textSecondary">
        Evaluated {formatRelative(state.value?.evaluatedAt)}
      </Typography>
      <Box
        component="ul"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        aria-label="Checks"
      >
        {checks.map(c => (
          <Box
            component="li"
            key={c.id}
            display="flex"
            alignItems="baseline"
            py={0.25}
            style={{ gap: 8 }}
          >
            <StatusChip status={c.status} />
            <Typography variant="body2" component="span">
              <strong>{c.title}</strong> — {c.reason}
              {c.breachAt ? ` (${formatBreach(c.breachAt)})` : ''}
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/** Names and links stay on one line: a squeezed column must not stack them letter by letter. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** A cell linking to an entity by its name, or a dash. */
function RefCell(props: { entityRef?: string }) {
  const { entityRef } = props;
  return (
    <TableCell style={NO_WRAP}>
      {entityRef ? (
        <EntityLink entityRef={entityRef} title={entityRefName(entityRef)} />
      ) : (
        '—'
      )}
    </TableCell>
  );
}

/** One compact row of the fleet table; its checks expand on demand. */
export function FleetRow(props: { item: FleetPostureItem }) {
  const { item } = props;
  const [open, setOpen] = useState(false);
  const worst = item.worstCheck;
  const platform = item.platformFindings ?? 0;
  return (
    <>
      <TableRow hover data-testid="fleet-row">
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} checks of ${item.title}`}
            onClick={() => setOpen(o => !o)}
          >
            {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell style={NO_WRAP}>
          <EntityLink entityRef={item.entityRef} title={item.title} />{' '}
          <Typography variant="caption" color="textSecondary">
            {item.tier}
          </Typography>
        </TableCell>
        <TableCell>
          <StatusChip status={item.overall} />
        </TableCell>
        <TableCell>
          {/* One line: the chip, then the reason cut to the cell's width (in full on hover). */}
          <Box
            display="flex"
            alignItems="center"
            maxWidth={420}
            style={{ gap: 6 }}
          >
            {worst ? (
              <>
                <Box flexShrink={0}>
                  <StatusChip status={worst.status} label={worst.title} />
                </Box>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  noWrap
                  title={worst.reason}
                  style={{ minWidth: 0 }}
                >
                  <span>
                    {worst.platform ? 'platform finding' : worst.reason}
                  </span>
                  {platform > 0 && !worst.platform && (
                    <>
                      {' · '}
                      <span>
                        and {platform} platform finding
                        {platform === 1 ? '' : 's'}
                      </span>
                    </>
                  )}
                </Typography>
              </>
            ) : (
              'all pass'
            )}
          </Box>
        </TableCell>
        <TableCell>
          <Typography variant="body2" noWrap>
            {checkCountsText(item)}
          </Typography>
        </TableCell>
        <TableCell>
          <Typography variant="body2" noWrap>
            {formatBreach(item.nextBreachAt)}
          </Typography>
        </TableCell>
        <RefCell entityRef={item.owner} />
        <RefCell entityRef={item.database} />
      </TableRow>
      {open && (
        <TableRow>
          <TableCell colSpan={FLEET_COLUMNS}>
            <RowChecks entityRef={item.entityRef} />
          </TableCell>
        </TableRow>
      )}
    </>
  );
}
