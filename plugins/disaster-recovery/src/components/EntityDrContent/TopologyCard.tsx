import { ReactNode } from 'react';
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
import {
  AsyncSection,
  StatusChip,
  formatBytes,
  formatRelative,
  formatSeconds,
  formatTimestamp,
} from '../common';

/** Whether the entity has a database target: a database Resource, or a tenant in one. */
function hasDatabaseTarget(entity: Entity): boolean {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (type === 'database' || type === 'tenant')
  );
}

function serverText(server: TopologyServer): string {
  return `${server.host}:${server.port} (configured ${server.configured})`;
}

function Row(props: { label: string; children: ReactNode }) {
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Typography variant="subtitle2" component="span" style={{ width: 90 }}>
        {props.label}
      </Typography>
      {props.children}
    </Box>
  );
}

function StandbyRow(props: { topology: TargetTopologyResponse }) {
  const { standby, replication, reprotectNeeded } = props.topology;
  if (reprotectNeeded) {
    return (
      <Row label="Standby">
        <StatusChip status="fail" label="No standby — reprotect needed" />
        <Typography variant="body2" component="span" color="textSecondary">
          Nothing streams from the primary. Run the “Reprotect and fail back a
          database” template: the old primary rewinds and streams from the new
          one.
        </Typography>
      </Row>
    );
  }
  if (!standby) {
    return (
      <Row label="Standby">
        <Typography variant="body2" component="span">
          No standby configured
        </Typography>
      </Row>
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
    <Row label="Standby">
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
    </Row>
  );
}

/** The card's content for one answer of the topology route. */
export function TopologyDetails(props: { topology: TargetTopologyResponse }) {
  const { topology } = props;
  const { change } = topology;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Row label="Primary">
        <Typography variant="body2" component="span">
          {serverText(topology.primary)}
        </Typography>
      </Row>
      <StandbyRow topology={topology} />
      <Row label="Changed">
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
      </Row>
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
