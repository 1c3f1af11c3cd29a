import { useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import type { PlatformFinding } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { EntityLink, StatusChip } from '../common';

/** Findings per page of the platform findings section. */
export const FINDINGS_PAGE_SIZE = 5;
/** Affected entities per page under one finding. */
export const FINDING_ENTITIES_PAGE_SIZE = 10;

/** The entities one finding affects, paged on the server (`GET /fleet?cause=`). */
function AffectedEntities(props: { finding: PlatformFinding }) {
  const api = useApi(disasterRecoveryApiRef);
  const [page, setPage] = useState(0);
  const state = useAsync(
    () =>
      api.getFleet({
        cause: props.finding.cause,
        sort: 'title',
        order: 'asc',
        offset: page * FINDING_ENTITIES_PAGE_SIZE,
        limit: FINDING_ENTITIES_PAGE_SIZE,
      }),
    [api, props.finding.cause, page],
  );
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title="Could not load the affected entities"
      />
    );
  }
  if (!state.value) return <Progress />;
  return (
    <Box pl={2}>
      <Box
        component="ul"
        aria-label={`Entities affected by ${props.finding.title}`}
        m={0}
        pl={2}
      >
        {state.value.items.map(item => (
          <li key={item.entityRef}>
            <EntityLink entityRef={item.entityRef} title={item.title} />
          </li>
        ))}
      </Box>
      {state.value.totalItems > FINDING_ENTITIES_PAGE_SIZE && (
        <TablePagination
          component="div"
          count={state.value.totalItems}
          page={page}
          rowsPerPage={FINDING_ENTITIES_PAGE_SIZE}
          rowsPerPageOptions={[]}
          onPageChange={(_e, p) => setPage(p)}
        />
      )}
    </Box>
  );
}

function Finding(props: { finding: PlatformFinding }) {
  const { finding } = props;
  const [open, setOpen] = useState(false);
  const n = finding.entityCount;
  return (
    <Box component="li" py={1} borderBottom={1} borderColor="divider">
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <StatusChip status={finding.status} />
        <Typography variant="subtitle2" component="span">
          {finding.title}
        </Typography>
        <Typography
          variant="body2"
          component="span"
          data-testid="finding-reason"
        >
          {finding.reason}
        </Typography>
      </Box>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="body2" color="textSecondary">
          Affects {n} {n === 1 ? 'entity' : 'entities'}
        </Typography>
        <Button
          size="small"
          aria-expanded={open}
          onClick={() => setOpen(o => !o)}
        >
          {open ? 'Hide' : 'Show'} affected entities
        </Button>
      </Box>
      {open && <AffectedEntities finding={finding} />}
    </Box>
  );
}

/**
 * Platform findings: a cause shared by many entities (the same check not passing for the same
 * reason: one region, a runbook review, a vendor without an alternative) shown once with the
 * entities it affects. Computed and paged on the server.
 */
export function PlatformFindings(props: { refresh?: number }) {
  const api = useApi(disasterRecoveryApiRef);
  const [page, setPage] = useState(0);
  const state = useAsync(
    () =>
      api.getPlatformFindings({
        offset: page * FINDINGS_PAGE_SIZE,
        limit: FINDINGS_PAGE_SIZE,
      }),
    [api, page, props.refresh],
  );
  const value = state.value;
  return (
    <InfoCard
      title="Platform findings"
      subheader={
        value
          ? `${value.totalItems} shared ${
              value.totalItems === 1 ? 'cause' : 'causes'
            }, affecting ${value.affectedEntities} ${
              value.affectedEntities === 1 ? 'entity' : 'entities'
            }`
          : undefined
      }
    >
      {state.error && (
        <ResponseErrorPanel
          error={state.error}
          title="Could not load platform findings"
        />
      )}
      {!value && !state.error && <Progress />}
      {value && value.items.length === 0 && (
        <EmptyState
          missing="data"
          title="No shared cause"
          description="No check fails for the same reason on several entities."
        />
      )}
      {value && value.items.length > 0 && (
        <>
          <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {value.items.map(f => (
              <Finding key={f.cause} finding={f} />
            ))}
          </Box>
          {value.totalItems > FINDINGS_PAGE_SIZE && (
            <TablePagination
              component="div"
              count={value.totalItems}
              page={page}
              rowsPerPage={FINDINGS_PAGE_SIZE}
              rowsPerPageOptions={[]}
              onPageChange={(_e, p) => setPage(p)}
            />
          )}
        </>
      )}
    </InfoCard>
  );
}
