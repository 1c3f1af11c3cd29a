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

/** The steps of an isolated test failover drill, as its dry run shows them. */
export function failoverDrillPlanSteps(options: {
  target: DatabaseTarget;
  names: DrillArtefactNames;
}): PlannedStep[] {
  const { target, names } = options;
  const settings = target.isolatedFailover!;
  const primary = `${target.primary.host}:${target.primary.port}`;
  return [
    {
      id: 'prepare',
      title: 'Create the throwaway server directory and pick a port',
      detail: `${names.serverDir}; port ${
        settings.ports
          ? `from ${settings.ports.from} to ${settings.ports.to}`
          : 'any free one'
      } on 127.0.0.1`,
    },
    {
      id: 'basebackup',
      title: 'Copy the primary with pg_basebackup (WAL streamed, no slot)',
      detail: `from ${primary}${
        settings.osUser ? ` as OS user ${settings.osUser}` : ''
      }`,
    },
    {
      id: 'source',
      title: "Read the primary's row counts and WAL position",
      detail:
        'per table and per tenant in one snapshot; a WAL message marks the position',
    },
    {
      id: 'configure',
      title:
        "Configure the copy: own port, no archiving, replay up to the primary's position",
      detail:
        'archive_mode off, no slot, no feedback, listen on 127.0.0.1, recovery_target_lsn = the position',
    },
    { id: 'start', title: 'Start the copy', detail: 'pg_ctl start' },
    {
      id: 'catch-up',
      title: "Let the copy catch up to the primary's position",
      detail: 'until its replay pauses at the position',
    },
    {
      id: 'promote',
      title:
        'Promote the copy (pg_promote, nothing fenced) and wait until it answers',
      detail:
        'pg_promote(wait => true), then a write on a new session: the end of the achieved RTO; the WAL and write transactions the primary had past the copy are the data-loss window',
    },
    {
      id: 'smoke',
      title:
        "Compare the copy's row counts per table and per tenant with the primary's",
      detail:
        'every table present, counts equal to the primary at the position',
    },
    {
      id: 'cleanup',
      title: 'Stop the copy and remove its directory',
      detail: `stop the server, delete ${names.serverDir}, free the port; also when the drill fails or is cancelled, and by the scheduler's clean-up pass when the backend died`,
    },
    {
      id: 'report',
      title: 'Record the test report',
      detail:
        "achieved RTO and data loss against the scenario's targets, validation, clean-up, issues and action items",
    },
  ];
}
