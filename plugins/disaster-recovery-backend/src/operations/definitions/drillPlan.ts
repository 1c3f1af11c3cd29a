import type {
  DatabaseTarget,
  DrillArtefactNames,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { PlannedStep } from '../operationDefinition';
import { downloadStep, locateStep } from './dumpSteps';

/** The steps of a restore or tenant restore drill, as its dry run shows them. */
export function drillPlanSteps(options: {
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
    {
      id: 'report',
      title: 'Record the test report',
      detail:
        "achieved RTO and data loss against the scenario's targets, validation, clean-up, issues and action items",
    },
  ];
}
