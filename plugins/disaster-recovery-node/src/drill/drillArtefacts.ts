import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  dropDatabaseIfExists,
  listDatabasesWithPrefix,
  MAINTENANCE_DATABASE,
} from '../postgres/databases';
import { InputError } from '@backstage/errors';
import { assertConnection, withPg } from '../postgres/pgTools';
import {
  generatedIdentifier,
  nameTimestamp,
  tenantIdentifierPart,
} from '../target/identifiers';
import {
  DatabaseTarget,
  PgConnection,
  targetDatabaseName,
} from '../target/target';
import {
  isDrillServerDir,
  listDrillServerDirs,
  pitrBaseOf,
  pitrServerDirName,
  removeServerDir,
  serverDirName,
  serverSessionPrefix,
} from './drillServers';

/**
 * What a drill creates, named so that every one of them is recognised afterwards, whatever
 * happened to the run that made it (the names are the registry of drill artefacts):
 * - `database`: `<db>_drill_<YYYYMMDDHHMMSS>_<hex4>` on the target's primary (the restored copy of
 *   a restore drill; the scratch database of a tenant restore drill, which also holds its side
 *   schema: drills never write the live database);
 * - `work-dir`: `dr-drill-<target>-<YYYYMMDDHHMMSS>-<hex4>` under the drills' work directory
 *   (the downloaded dump);
 * - `server`: `dr-failover-drill-<target>-<YYYYMMDDHHMMSS>-<hex4>` under the target's
 *   `isolatedFailover.scratchDirectory` (the throwaway standby of an isolated test failover: its
 *   data directory, socket and log; removing it stops its server and frees its port), or
 *   `dr-pitr-drill-<target>-<YYYYMMDDHHMMSS>-<hex4>` under its pgBackRest `restoreBaseDir` (the
 *   restored server of a point-in-time restore drill).
 *
 * A drill holds its target's lock for its whole run, so whoever holds that lock and finds a drill
 * artefact knows it is a leftover of a drill that died: {@link removeDrillArtefacts}.
 * @public
 */
export interface DrillArtefact {
  kind: 'database' | 'work-dir' | 'server';
  name: string;
  /** The directory holding a work directory or a server directory. */
  in?: string;
}

/** The names one drill will give what it creates. @public */
export interface DrillArtefactNames {
  database: string;
  /** Side schema of a tenant restore drill (inside its scratch database). */
  sideSchema?: string;
  /** Absolute path of the drill's work directory. */
  workDir: string;
  /** Absolute path of the throwaway server's directory (isolated test failover and point-in-time restore drills). */
  serverDir?: string;
}

/** Where drills keep downloaded dumps unless told otherwise: the OS temp dir. @public */
export function defaultDrillWorkBase(): string {
  return os.tmpdir();
}

const TS = '\\d{14}';

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function databasePattern(live: string): RegExp {
  return new RegExp(`^${escapeRegExp(live)}_drill_${TS}_[0-9a-f]{4}$`);
}

function workDirPattern(target: string): RegExp {
  return new RegExp(`^dr-drill-${escapeRegExp(target)}-${TS}-[0-9a-f]{4}$`);
}

/**
 * Names the artefacts of a drill of `target` started at `at` (a side schema only with a tenant, a
 * server directory only with `server`, which needs the target's `isolatedFailover` settings).
 * @public
 */
export function drillArtefactNames(
  target: DatabaseTarget,
  at: Date,
  options: {
    tenantId?: string;
    workBase?: string;
    /** An isolated test failover's throwaway server directory. */
    server?: boolean;
    /** A point-in-time restore drill's restored server directory (needs pgBackRest settings). */
    pitrServer?: boolean;
  } = {},
): DrillArtefactNames {
  const live = targetDatabaseName(target);
  const ts = nameTimestamp(at);
  const hex = randomBytes(2).toString('hex');
  return {
    database: generatedIdentifier(
      [live, 'drill', ts, hex],
      'drill database name',
    ),
    ...(options.tenantId !== undefined
      ? {
          sideSchema: generatedIdentifier(
            ['drill', tenantIdentifierPart(options.tenantId), ts],
            'drill side schema name',
          ),
        }
      : {}),
    workDir: path.join(
      options.workBase ?? defaultDrillWorkBase(),
      `dr-drill-${target.name}-${ts}-${hex}`,
    ),
    ...(options.server
      ? {
          serverDir: path.join(
            isolatedFailoverOf(target).scratchDirectory,
            serverDirName(target, at),
          ),
        }
      : {}),
    ...(options.pitrServer
      ? {
          serverDir: path.join(
            pitrBaseOf(target) ??
              (() => {
                throw new InputError(
                  `Target ${target.name} has no pgBackRest settings: its point-in-time restore drills cannot run`,
                );
              })(),
            pitrServerDirName(target, at),
          ),
        }
      : {}),
  };
}

/** The target's isolated test failover settings, or InputError naming the config block it lacks. @public */
export function isolatedFailoverOf(
  target: DatabaseTarget,
): NonNullable<DatabaseTarget['isolatedFailover']> {
  if (!target.isolatedFailover) {
    throw new InputError(
      `Target ${target.name} has no isolated test failover settings (disasterRecovery.targets.${target.name}.isolatedFailover): its isolated test failover drills cannot run`,
    );
  }
  return target.isolatedFailover;
}

/** Throws unless the names are drill artefact names of the target (so that the clean-up finds them). @public */
export function assertDrillArtefactNames(
  target: DatabaseTarget,
  names: DrillArtefactNames,
): void {
  const live = targetDatabaseName(target);
  if (
    !databasePattern(live).test(names.database) ||
    !workDirPattern(target.name).test(path.basename(names.workDir)) ||
    (names.sideSchema !== undefined &&
      !/^drill_[a-z0-9_]+_\d{14}$/.test(names.sideSchema)) ||
    (names.serverDir !== undefined &&
      !isDrillServerDir(
        target,
        path.basename(names.serverDir),
        path.dirname(names.serverDir),
      ))
  ) {
    throw new Error(`Not drill artefact names of target ${target.name}`);
  }
}

/** Creates a drill's work directory (owner only). @public */
export async function createDrillWorkDir(names: DrillArtefactNames) {
  await mkdir(names.workDir, { recursive: false, mode: 0o700 });
}

function primaryOf(target: DatabaseTarget): PgConnection {
  return assertConnection(
    { ...target.primary, database: MAINTENANCE_DATABASE },
    'Primary',
  );
}

async function listWorkDirs(
  target: DatabaseTarget,
  workBase: string,
): Promise<string[]> {
  const pattern = workDirPattern(target.name);
  const entries = await readdir(workBase, { withFileTypes: true }).catch(
    () => [],
  );
  return entries
    .filter(e => e.isDirectory() && pattern.test(e.name))
    .map(e => e.name)
    .sort();
}

/**
 * Every drill artefact of a target that exists now: drill databases on its primary and drill work
 * directories under `workBase`.
 * @public
 */
export async function listDrillArtefacts(
  target: DatabaseTarget,
  options: { workBase?: string } = {},
): Promise<DrillArtefact[]> {
  const server = primaryOf(target);
  const live = targetDatabaseName(target);
  const workBase = options.workBase ?? defaultDrillWorkBase();
  const pattern = databasePattern(live);
  const databases = (
    await listDatabasesWithPrefix(server, `${live}_drill_`)
  ).filter(d => pattern.test(d));
  const dirs = await listWorkDirs(target, workBase);
  const servers = await listDrillServerDirs(target);
  return [
    ...databases.map(name => ({ kind: 'database' as const, name })),
    ...dirs.map(name => ({ kind: 'work-dir' as const, name, in: workBase })),
    ...servers.map(s => ({ kind: 'server' as const, ...s })),
  ];
}

/** Removes one drill artefact if it exists (a database with its sessions, a directory with its files). @public */
export async function removeDrillArtefact(
  target: DatabaseTarget,
  artefact: DrillArtefact,
): Promise<void> {
  const server = primaryOf(target);
  if (artefact.kind === 'database') {
    if (!databasePattern(targetDatabaseName(target)).test(artefact.name)) {
      throw new Error(`${artefact.name} is not a drill database`);
    }
    await dropDatabaseIfExists(server, artefact.name);
  } else if (artefact.kind === 'server') {
    if (!isDrillServerDir(target, artefact.name, artefact.in)) {
      throw new Error(`${artefact.name} is not a drill server directory`);
    }
    await removeServerDir(path.join(artefact.in!, artefact.name));
  } else {
    if (!workDirPattern(target.name).test(artefact.name) || !artefact.in) {
      throw new Error(`${artefact.name} is not a drill work directory`);
    }
    await rm(path.join(artefact.in, artefact.name), {
      recursive: true,
      force: true,
    });
  }
}

/**
 * Ends the server sessions a dead drill may have left working on its artefacts (a `CREATE
 * DATABASE` of a drill database goes on after its client died, and would create the database after
 * a clean-up had looked; a base backup of a failover drill streams on into its directory), and
 * waits until they are gone.
 */
async function endDrillSessions(target: DatabaseTarget): Promise<void> {
  const server = primaryOf(target);
  const pattern = databasePattern(targetDatabaseName(target)).source;
  const named = `(CREATE|DROP) DATABASE (IF EXISTS )?"${pattern.slice(1, -1)}"`;
  await withPg(server, { database: MAINTENANCE_DATABASE }, async c => {
    const sessions = `SELECT pid FROM pg_stat_activity
       WHERE pid <> pg_backend_pid()
         AND (datname ~ $1 OR query ~ $2 OR starts_with(application_name, $3))`;
    const found = await c.query<{ pid: number }>(sessions, [
      pattern,
      named,
      serverSessionPrefix(target.name),
    ]);
    if (!found.rows.length) return;
    await c.query(
      'SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) pid',
      [found.rows.map(r => r.pid)],
    );
    for (let i = 0; i < 100; i++) {
      const left = await c.query(
        'SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])',
        [found.rows.map(r => r.pid)],
      );
      if (!left.rowCount) return;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('sessions of a dead drill did not end within 10 s');
  });
}

/**
 * Removes every drill artefact of a target ({@link listDrillArtefacts}) and returns what it
 * removed, after ending the server sessions still working on them. Only for a caller that holds
 * the target's lock: then no drill is running on the target, and every artefact found is a
 * leftover of one that died (the scheduler's clean-up pass).
 * @public
 */
export async function removeDrillArtefacts(
  target: DatabaseTarget,
  options: { workBase?: string } = {},
): Promise<DrillArtefact[]> {
  await endDrillSessions(target);
  const found = await listDrillArtefacts(target, options);
  for (const artefact of found) {
    await removeDrillArtefact(target, artefact);
  }
  return found;
}

/** The artefacts a drill with these names may have created. @public */
export function artefactsOf(names: DrillArtefactNames): DrillArtefact[] {
  return [
    { kind: 'database', name: names.database },
    {
      kind: 'work-dir',
      name: path.basename(names.workDir),
      in: path.dirname(names.workDir),
    },
    ...(names.serverDir
      ? [
          {
            kind: 'server' as const,
            name: path.basename(names.serverDir),
            in: path.dirname(names.serverDir),
          },
        ]
      : []),
  ];
}
