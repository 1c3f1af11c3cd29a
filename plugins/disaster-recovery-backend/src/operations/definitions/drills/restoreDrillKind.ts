import { InputError } from '@backstage/errors';
import {
  BackupCheckError,
  BackupObjectInfo,
  DatabaseTarget,
  DrillArtefactNames,
  drillValidation,
  runRestoreDrill,
  targetDatabaseName,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { PlannedStep } from '../../operationDefinition';
import { describeBackupLocation, describeDatabase } from '../describeTarget';
import { downloadStep, locateStep } from '../dumpSteps';
import { locateBackup } from '../locateBackup';
import {
  checkWarnings,
  DrillKindDefinition,
  drillFrame,
  drillOutcome,
  participantsOf,
  REPORT_STEP,
  targetsOutput,
} from './drillKind';

/** The backup a restore drill restores. */
interface RestoreDrillExtra {
  backup: BackupObjectInfo;
}

/** The steps of a restore or tenant restore drill, as its dry run shows them. */
function restorePlanSteps(options: {
  kind: 'restore' | 'tenant-restore';
  target: DatabaseTarget;
  names: DrillArtefactNames;
  backupLocation: string;
  backupTakenAt: string;
  tenantId?: string;
}): PlannedStep[] {
  const { kind, target, names, backupLocation, tenantId } = options;
  const server = `${target.primary.host}:${target.primary.port}`;
  const restoring: PlannedStep[] =
    kind === 'restore'
      ? [
          {
            id: 'create-database',
            title: 'Create the drill database',
            detail: `${names.database} on ${server}`,
          },
          {
            id: 'restore',
            title: 'Restore the dump into it (pg_restore -j N)',
            detail: names.database,
          },
          {
            id: 'verify',
            title: "Validate against the source's statistics",
            detail:
              'every table present; row counts per table and per tenant equal to the counts recorded at backup time',
          },
        ]
      : [
          {
            id: 'scratch',
            title: 'Restore table definitions into the drill database',
            detail: `${names.database} on ${server}`,
          },
          {
            id: 'scratch-data',
            title: 'Load the data of the tenant tables',
            detail: 'tables with a tenant_id column',
          },
          {
            id: 'extract',
            title: `Copy the rows of tenant ${tenantId} into a side schema`,
            detail: `schema ${names.sideSchema} of ${names.database}; the live database is not written`,
          },
          {
            id: 'verify',
            title: "Compare the tenant's rows with the backup",
            detail:
              "counts per table equal to the backup's statistics, no other tenant's rows",
          },
        ];
  return [
    locateStep(backupLocation, options.backupTakenAt),
    {
      id: 'prepare',
      title: "Create the drill's work directory",
      detail: names.workDir,
    },
    downloadStep(`into ${names.workDir}`),
    {
      id: 'toc',
      title: 'Read the table of contents (pg_restore --list)',
      detail: 'the dump must be a custom-format archive of this database',
    },
    ...restoring,
    {
      id: 'cleanup',
      title: 'Remove everything the drill created',
      detail: `drop ${names.database}, delete ${names.workDir}; also when the drill fails or is cancelled, and by the scheduler's clean-up pass when the backend died`,
    },
    REPORT_STEP,
  ];
}

/**
 * A restore drill (`restore`: the newest or a named backup into a scratch database) or a tenant
 * restore drill (`tenant-restore`: one tenant's rows into a side schema of one), through the same
 * `-node` restore functions as real restores.
 */
export function restoreDrillKind(
  kind: 'restore' | 'tenant-restore',
): DrillKindDefinition<RestoreDrillExtra> {
  return {
    check(context) {
      if (kind === 'tenant-restore' && !context.entity.tenant) {
        throw new InputError(
          `Invalid parameters for drill: kind: a tenant restore drill needs a tenant Resource; ${context.entity.entityRef} is a database`,
        );
      }
    },
    async prepare({ target, parameters, signal }) {
      const backup = await locateBackup(target, parameters.key, signal);
      return { extra: { backup }, backup };
    },
    plan(prepared) {
      const { target, names, facts, tenantId } = prepared;
      const { backup } = prepared.extra;
      const live = targetDatabaseName(target);
      const creates = [
        `database ${names.database} on ${target.primary.host}:${
          target.primary.port
        }${
          kind === 'tenant-restore'
            ? ` (with side schema ${names.sideSchema} for tenant ${tenantId})`
            : ''
        }`,
        `work directory ${names.workDir} (the downloaded dump)`,
      ];
      return {
        steps: restorePlanSteps({
          kind,
          target,
          names,
          backupLocation: describeBackupLocation(target, backup.key),
          backupTakenAt: backup.takenAt.toISOString(),
          tenantId,
        }),
        wouldNotTouch: [
          `the live ${describeDatabase(
            target,
            live,
          )}: the drill never writes it`,
          `the backup object ${describeBackupLocation(
            target,
            backup.key,
          )} (read only)`,
        ],
        resolved: {
          kind,
          scenario: facts.scenario.id,
          key: backup.key,
          restorePoint: backup.takenAt.toISOString(),
          ...(tenantId ? { tenantId } : {}),
          targets: targetsOutput(facts.targets),
          // The drill artefacts, recorded with the run before anything is created.
          creates,
          removes: creates,
          participants: participantsOf(facts),
        },
      };
    },
    async execute(prepared, context) {
      const { target, names, state, tenantId } = prepared;
      const result = await runRestoreDrill({
        target,
        kind,
        key: prepared.extra.backup.key,
        tenantId,
        names,
        previousVerifiedKey: await context.previousVerifiedKey(),
        ...drillFrame(prepared, context),
      });
      state.validation = result.validation;
      state.restorePoint = result.restorePoint;
      state.recoveredAt = result.recoveredAt;
      state.warnings = checkWarnings(result.checks);
      return drillOutcome(prepared, {
        key: result.key,
        sha256: result.sha256,
        restorePoint: result.restorePoint,
        validation: result.validation,
        checks: result.checks,
        removed: result.removed,
      });
    },
    onFailure(prepared, error) {
      if (error instanceof BackupCheckError) {
        prepared.state.validation = drillValidation(
          kind,
          error.checks as never,
        );
      }
    },
  };
}
