import { ConflictError, InputError } from '@backstage/errors';
import { disasterRecoveryDatabaseFailbackPermission } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  PgConnection,
  reprotect,
  ReprotectOptions,
  serverAddress,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { TargetFailoverSettings } from '../../failover/failoverSettings';
import { otherServer, TargetRoles } from '../../failover/targetTopology';
import { ConfiguredServer } from '../../database/TopologyStore';
import { OperationDefinition, PlannedStep } from '../operationDefinition';
import { OperationParameters } from '../parameters';
import { FailoverSettingsMap, failoverSettingsOf } from './failoverSettingsOf';

interface PreparedReprotect {
  server: PgConnection;
  newPrimary: PgConnection;
  roles: TargetRoles;
  mode: ReprotectOptions['mode'];
  pgBinDir?: string;
  settings: TargetFailoverSettings;
  allowBasebackup: boolean;
}

/**
 * How a configured server of a target is reprotected (its data directory or the host command), or
 * an InputError naming the setting that is missing.
 */
export function reprotectModeOf(
  configured: DatabaseTarget,
  settings: TargetFailoverSettings,
  serverName: ConfiguredServer,
): ReprotectOptions['mode'] {
  const server = configured[serverName]!;
  const how = settings.reprotect;
  if (!how) {
    throw new InputError(
      `Target ${configured.name} has no failover.reprotect settings (local data directories or a host command)`,
    );
  }
  if (how.type === 'local') {
    const dataDir = how.dataDirs[serverName];
    if (!dataDir) {
      throw new InputError(
        `Target ${
          configured.name
        }: failover.reprotect.dataDirs.${serverName} is not set; the backend cannot reach the data directory of ${serverAddress(
          server,
        )}`,
      );
    }
    return { type: 'local', dataDir, osUser: how.osUser };
  }
  return how;
}

/** The steps of a reprotect, as its dry run shows them. */
export function reprotectPlanSteps(
  p: Pick<
    PreparedReprotect,
    'server' | 'newPrimary' | 'mode' | 'settings' | 'allowBasebackup'
  >,
): PlannedStep[] {
  const server = serverAddress(p.server);
  const primary = serverAddress(p.newPrimary);
  const local = p.mode.type === 'local';
  return [
    {
      id: 'check',
      title: 'Check both servers',
      detail: `${primary} is the primary; ${server} is not streaming from it`,
    },
    {
      id: 'slot',
      title: `Checkpoint and replication slot ${p.settings.slotName} on the new primary`,
      detail: primary,
    },
    ...(local
      ? [
          {
            id: 'stop',
            title: 'Stop the old primary',
            detail: `${server} (pg_ctl stop -m fast)`,
          },
          {
            id: 'rewind',
            title: 'Rewind with pg_rewind',
            detail: p.allowBasebackup
              ? 'falls back to a fresh pg_basebackup when a rewind is impossible (the old directory kept aside until the new one streams)'
              : 'no pg_basebackup fallback',
          },
          {
            id: 'configure',
            title: 'Restore its own configuration and join as a standby',
            detail: `primary_conninfo to ${primary}, slot ${p.settings.slotName}`,
          },
          {
            id: 'start',
            title: 'Start it as a standby',
            detail: server,
          },
        ]
      : [
          {
            id: 'command',
            title: `Run ${p.mode.type === 'command' ? p.mode.argv[0] : ''}`,
            detail:
              'the host command rewinds or rebuilds and starts the server',
          },
        ]),
    {
      id: 'wait-streaming',
      title: 'Wait until it streams',
      detail: `${server} streams from ${primary}`,
    },
    {
      id: 'drop-keep-slot',
      title: 'Drop the WAL-keeping slot on the reprotected standby',
      detail: server,
    },
  ];
}

/**
 * Reprotect: the server that is not the primary (the old primary after a switchover or
 * failover) is rewound with pg_rewind (or rebuilt with pg_basebackup) and streams from the
 * primary again, so the target is protected and can fail back with a zero-lag switchover.
 */
export function reprotectOperation(
  failoverSettings: FailoverSettingsMap,
): OperationDefinition<OperationParameters['reprotect'], PreparedReprotect> {
  return {
    permission: disasterRecoveryDatabaseFailbackPermission,
    affectsWholeDatabase: true,
    async prepare({ target, configured, roles, parameters }) {
      const settings = failoverSettingsOf(
        failoverSettings,
        target,
        'reprotect',
      );
      if (!configured.standby) {
        throw new InputError(
          `Target ${target.name} has no standby configured: there is no second server to reprotect`,
        );
      }
      if (roles.standbyServer) {
        throw new ConflictError(
          `Target ${target.name} is protected: ${serverAddress(
            target.standby!,
          )} already streams from ${serverAddress(
            target.primary,
          )}; nothing to reprotect`,
        );
      }
      const serverName = otherServer(roles.primaryServer);
      const server = configured[serverName]!;
      const mode = reprotectModeOf(configured, settings, serverName);
      return {
        server,
        newPrimary: target.primary,
        roles,
        mode,
        pgBinDir: target.pgBinDir,
        settings,
        allowBasebackup: parameters.allowBasebackup ?? settings.allowBasebackup,
      };
    },
    plan(p) {
      const server = serverAddress(p.server);
      const primary = serverAddress(p.newPrimary);
      return {
        steps: reprotectPlanSteps(p),
        wouldNotTouch: [`the data of the primary ${primary}`],
        resolved: { server, newPrimary: primary, method: p.mode.type },
      };
    },
    async execute(p, { signal, logger, onStep }) {
      const result = await reprotect({
        server: p.server,
        newPrimary: p.newPrimary,
        slotName: p.settings.slotName,
        mode: p.mode,
        pgBinDir: p.pgBinDir,
        allowBasebackup: p.allowBasebackup,
        secrets: p.settings.secrets,
        signal,
        logger,
        onStep,
      });
      return {
        output: {
          server: serverAddress(p.server),
          newPrimary: serverAddress(p.newPrimary),
          method: result.method,
          ...(result.rewindFailure
            ? { rewindFailure: result.rewindFailure }
            : {}),
          slotName: result.slotName,
          timeline: result.timeline,
          receiveLsn: result.receiveLsn,
        },
      };
    },
    rolesAfter(p, steps) {
      const streaming = steps.some(
        s => s.id === 'wait-streaming' && s.status === 'succeeded',
      );
      return streaming
        ? {
            primaryServer: p.roles.primaryServer,
            standbyServer: otherServer(p.roles.primaryServer),
          }
        : undefined;
    },
  };
}
