import { disasterRecoveryBackupVerifyPermission } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  BackupObjectInfo,
  DatabaseTarget,
  verifyBackup,
  VerifyBackupResult,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { OperationDefinition } from '../operationDefinition';
import { VerifiedObject } from '../run/verifiedBackup';
import { OperationParameters } from '../parameters';
import { describeBackupLocation, describeDatabase } from './describeTarget';
import { locateBackup } from './locateBackup';

interface PreparedVerify {
  target: DatabaseTarget;
  mode: 'quick' | 'full';
  backup: BackupObjectInfo;
}

/** A verification that ran and found the backup bad: the run fails, the evidence says `fail`. */
export class BackupVerificationFailedError extends Error {
  constructor(readonly result: VerifyBackupResult) {
    super(
      `Backup ${result.key} is NOT good: ${result.checks
        .filter(c => c.status === 'fail')
        .map(c => `${c.id}: ${c.detail}`)
        .join('; ')}`,
    );
    this.name = 'BackupVerificationFailedError';
  }
}

function verificationOutput(result: VerifyBackupResult) {
  return {
    key: result.key,
    bucket: result.bucket,
    sizeBytes: result.sizeBytes,
    ...(result.sha256 ? { sha256: result.sha256 } : {}),
    ...(result.expectedSha256 ? { expectedSha256: result.expectedSha256 } : {}),
    takenAt: result.takenAt,
    mode: result.mode,
    verification: result.status,
    checks: result.checks,
    warnings: result.warnings,
    ...(result.dumpDatabase ? { dumpDatabase: result.dumpDatabase } : {}),
    ...(result.scratchDatabase
      ? { scratchDatabase: result.scratchDatabase }
      : {}),
    verificationSeconds: Math.round(result.durationMs / 100) / 10,
  };
}

/** The object a verification read, with the ETag it had when the operation located it. */
function verifiedObject(
  target: DatabaseTarget,
  result: VerifyBackupResult,
  backup: BackupObjectInfo,
): VerifiedObject {
  return {
    target: target.name,
    bucket: result.bucket,
    key: result.key,
    ...(backup.key === result.key && backup.etag ? { etag: backup.etag } : {}),
  };
}

/** Verify: size, checksum, listing, and in full mode a scratch restore with sanity checks. */
export const verifyOperation: OperationDefinition<
  OperationParameters['verify'],
  PreparedVerify
> = {
  permission: disasterRecoveryBackupVerifyPermission,
  affectsWholeDatabase: false,
  async prepare({ target, parameters, signal }) {
    const backup = await locateBackup(target, parameters.key, signal);
    return { target, mode: parameters.mode, backup };
  },
  plan({ target, mode, backup }) {
    const location = describeBackupLocation(target, backup.key);
    const steps = [
      {
        id: 'locate',
        title: 'Locate the backup',
        detail: `${location}, taken ${backup.takenAt.toISOString()}, ${
          backup.sizeBytes
        } bytes`,
      },
      {
        id: 'stream',
        title:
          mode === 'full'
            ? 'Download, check and start the restore into a scratch database'
            : 'Download and check',
        detail:
          "one read of the object: size, SHA-256 against the `sha256` metadata, custom-format header, pg_restore --list; the dump's database must be this target's and hold every table of the expected shape (the backup's statistics, else the live catalog, else the previous verified backup)",
      },
    ];
    if (mode === 'quick') {
      steps.push({
        id: 'read-archive',
        title: 'Read every block of the archive',
        detail: 'pg_restore --file=/dev/null',
      });
    } else {
      steps.push(
        {
          id: 'restore',
          title: 'Finish the restore into the scratch database',
          detail: `a new scratch database on ${target.primary.host}:${target.primary.port}`,
        },
        {
          id: 'sanity',
          title: 'Check the shape and the row counts',
          detail:
            'every expected schema and table present; row counts per table and tenant within the tolerance (row-drift)',
        },
        {
          id: 'amcheck',
          title: 'Check heap and index integrity (pg_amcheck)',
          detail:
            'pg_amcheck --heapallindexed on the scratch database: corruption fails the verification',
        },
        {
          id: 'cleanup',
          title: 'Drop the scratch database',
          detail: 'always, even when a check fails',
        },
      );
    }
    return {
      steps,
      wouldNotTouch: [
        `the live ${describeDatabase(target)}`,
        `the backup object ${location} (read only)`,
      ],
      resolved: {
        key: backup.key,
        takenAt: backup.takenAt.toISOString(),
        mode,
      },
    };
  },
  async execute({ target, mode, backup }, context) {
    const { signal, logger, onStep } = context;
    const result = await verifyBackup({
      target,
      key: backup.key,
      mode,
      previousVerifiedKey: await context.previousVerifiedKey(),
      signal,
      logger,
      onStep,
    });
    if (result.status !== 'pass') {
      throw new BackupVerificationFailedError(result);
    }
    return {
      output: verificationOutput(result),
      verification: {
        object: verifiedObject(target, result, backup),
        target: target.name,
        status: 'pass',
        mode,
        finishedAt: result.verifiedAt,
        startedAt: new Date(
          Date.parse(result.verifiedAt) - result.durationMs,
        ).toISOString(),
        detail: {
          key: result.key,
          checks: result.checks,
          sha256: result.sha256,
          // A pass with warnings is not a clean pass: posture reads these.
          warnings: result.warnings,
        },
      },
    };
  },
  onFailure({ target, mode, backup }, error) {
    if (!(error instanceof BackupVerificationFailedError)) {
      // The verification could not complete: not a verdict on the backup, no evidence either way.
      return undefined;
    }
    const result = error.result;
    return {
      output: verificationOutput(result),
      verification: {
        object: verifiedObject(target, result, backup),
        target: target.name,
        status: 'fail',
        mode,
        finishedAt: result.verifiedAt,
        detail: {
          key: result.key,
          checks: result.checks,
          sha256: result.sha256,
        },
      },
    };
  },
};
