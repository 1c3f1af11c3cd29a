import { InputError } from '@backstage/errors';
import {
  disasterRecoveryDatabaseRestorePermission,
  pointInTimeOutsideWindow,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  parseTargetTime,
  PitrWindow,
  readPitrWindow,
  restorePointInTime,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { OperationDefinition } from '../operationDefinition';
import { OperationParameters } from '../parameters';
import { describeDatabase } from './describeTarget';

interface PreparedPitr {
  target: DatabaseTarget;
  targetTime: Date;
  window: Pick<PitrWindow, 'earliest' | 'latest' | 'latestSource'>;
}

/**
 * Point-in-time restore through pgBackRest into a new data directory on a new port, verified; the
 * live server is never touched. The restored server is left running for the operator.
 */
export const restorePitrOperation: OperationDefinition<
  OperationParameters['restore-pitr'],
  PreparedPitr
> = {
  permission: disasterRecoveryDatabaseRestorePermission,
  affectsWholeDatabase: true,
  async prepare({ target, parameters, now, signal }) {
    if (!target.pgbackrest) {
      throw new InputError(
        `Target ${target.name} has no pgBackRest settings: point-in-time restore is not available for it`,
      );
    }
    if (parameters.cutOver) {
      throw new InputError(
        'Cut-over after a point-in-time restore is not supported: the restored server is started on a new port for you to check and copy from; restore from a dump to cut over',
      );
    }
    const targetTime = parseTargetTime(parameters.targetTime);
    if (targetTime.getTime() > now.getTime()) {
      throw new InputError(
        `targetTime ${targetTime.toISOString()} is in the future`,
      );
    }
    // Read-only: `pgbackrest info` and pg_stat_archiver.
    const window = await readPitrWindow(target, { signal });
    const outside = pointInTimeOutsideWindow(
      window,
      targetTime,
      `target ${target.name}`,
    );
    if (outside) {
      throw new InputError(outside);
    }
    return {
      target,
      targetTime,
      window: {
        earliest: window.earliest,
        latest: window.latest,
        latestSource: window.latestSource,
      },
    };
  },
  plan({ target, targetTime, window }) {
    const stanza = target.pgbackrest!.stanza;
    const iso = targetTime.toISOString();
    return {
      steps: [
        {
          id: 'window',
          title: 'Read the PITR window (pgbackrest info)',
          detail: `stanza ${stanza}: ${window.earliest} .. ${window.latest} (${window.latestSource})`,
        },
        {
          id: 'prepare',
          title: 'Create a new data directory',
          detail: `under ${
            target.pgbackrest!.restoreBaseDir ?? 'the OS temp dir'
          }`,
        },
        {
          id: 'restore',
          title: 'pgbackrest restore --type=time',
          detail: `stanza ${stanza}, target ${iso}, into the new data directory`,
        },
        {
          id: 'start',
          title: 'Start the restored server on a new port',
          detail: 'a free port on the restore host',
        },
        {
          id: 'promote',
          title: 'Wait for recovery to reach the target and promote',
          detail: `recovery stops at ${iso}`,
        },
        {
          id: 'verify',
          title: 'Check the restored database',
          detail: 'tables readable, row counts',
        },
      ],
      wouldNotTouch: [
        `the live ${describeDatabase(target)} and its data directory`,
        `the pgBackRest repository of stanza ${stanza} (read only)`,
      ],
      resolved: { targetTime: iso, pitrWindow: window },
    };
  },
  async execute({ target, targetTime }, { signal, logger, onStep }) {
    const result = await restorePointInTime({
      target,
      targetTime,
      signal,
      logger,
      onStep,
    });
    return {
      measuresRecovery: true,
      restorePoint: result.targetTime,
      output: {
        targetTime: result.targetTime,
        pitrWindow: result.window,
        host: result.server.host,
        port: result.server.port,
        dataDirectory: result.server.dataDir,
        newDatabase: result.connection.database,
        cutOver: false,
        ...(result.recoveryStop ? { recoveryStop: result.recoveryStop } : {}),
        tables: result.tables,
        checks: result.checks,
      },
    };
  },
};
