import { S3Client } from '@aws-sdk/client-s3';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertKeyInPrefix } from '../backup/backupKey';
import { VerificationCheck } from '../verify/checks';
import {
  MAINTENANCE_DATABASE,
  createEmptyDatabase,
  databaseExists,
  dropDatabaseIfExists,
  scratchDatabaseName,
} from '../postgres/databases';
import { isAbortError, OperationAbortedError } from '../operation/errors';
import {
  generatedIdentifier,
  nameTimestamp,
  quoteCatalogIdent,
  quoteIdent,
  tenantIdentifierPart,
} from '../target/identifiers';
import {
  assertConnection,
  pgConnArgs,
  pgEnv,
  pgProgram,
  withPg,
} from '../postgres/pgTools';
import { prepareDump } from '../dump/prepareDump';
import { runProcess, spawnProcess } from '../process/processRunner';
import { createS3ClientForTarget } from '../objectStore/s3Client';
import { scrubSecrets } from '../process/scrubSecrets';
import { StepRunner } from '../operation/steps';
import { listUserTables } from '../postgres/tableStats';
import { DatabaseTarget, targetDatabaseName, targetSecrets } from '../target/target';
import { OperationOptions, OperationStep, silentLogger } from '../operation/types';
import { validateTarget } from '../target/validateTarget';

/** Input of {@link restoreTenant}. @public */
export interface RestoreTenantOptions extends OperationOptions {
  target: DatabaseTarget;
  /** Tenant whose rows are restored (UUID or slug as stored in the tenant column). */
  tenantId: string;
  /** Backup to take the rows from; default the newest by time. */
  key?: string;
  /** Column that holds the tenant id (default `tenant_id`). */
  tenantColumn?: string;
  /** Table of tenants whose id column is the tenant id (default `public.tenants`.`id`, used when it exists and has no tenant column). */
  tenantsTable?: { schema: string; name: string; idColumn: string };
  downloadConcurrency?: number;
  tempDir?: string;
  s3Client?: S3Client;
  now?: () => Date;
}

/** One table restored into the side schema. @public */
export interface RestoredTenantTable {
  /** Source table in the dump, `schema.name`. */
  source: string;
  /** Table in the side schema of the live database, `schema.name`. */
  table: string;
  rows: number;
}

/** Result of {@link restoreTenant}. @public */
export interface RestoreTenantResult {
  target: string;
  key: string;
  sha256: string;
  restorePoint: string;
  tenantId: string;
  /** Live database that received the side schema. */
  database: string;
  /** Side schema holding the tenant's rows (`restore_<tenant>_<ts>`). */
  schema: string;
  tables: RestoredTenantTable[];
  checks: VerificationCheck[];
  durationMs: number;
  steps: OperationStep[];
}

function sideTableName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}__${name}`;
}

/**
 * Restores one tenant's rows from a dump into a side schema `restore_<tenant>_<ts>` of the live
 * database, leaving the live tables untouched: the dump's table definitions and the data of the
 * tenant tables go into a scratch database, the tenant's rows are copied there into the side
 * schema, and that schema alone is moved into the live database in one transaction.
 * @public
 */
export async function restoreTenant(
  options: RestoreTenantOptions,
): Promise<RestoreTenantResult> {
  const target = validateTarget(options.target);
  if (options.key !== undefined) {
    assertKeyInPrefix(target, options.key);
  }
  const tenantPart = tenantIdentifierPart(options.tenantId);
  const tenantId = options.tenantId;
  const tenantColumn = options.tenantColumn ?? 'tenant_id';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(tenantColumn)) {
    throw new InputError('tenantColumn is not a valid identifier');
  }
  const tenantsTable = options.tenantsTable ?? {
    schema: 'public',
    name: 'tenants',
    idColumn: 'id',
  };
  for (const part of [
    tenantsTable.schema,
    tenantsTable.name,
    tenantsTable.idColumn,
  ]) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(part)) {
      throw new InputError('tenantsTable names must be valid identifiers');
    }
  }
  const now = options.now ?? (() => new Date());
  const at = now();
  const schema = generatedIdentifier(
    ['restore', tenantPart, nameTimestamp(at)],
    'side schema name',
  );
  const live = targetDatabaseName(target);
  const server = assertConnection(
    { ...target.primary, database: MAINTENANCE_DATABASE },
    'Primary',
  );
  const scratch = scratchDatabaseName(live, at, 'tenant');
  const logger = options.logger ?? silentLogger;
  const signal = options.signal;
  const secrets = targetSecrets(target);
  const steps = new StepRunner({
    logger,
    onStep: options.onStep,
    signal,
    secrets,
  });
  const client = options.s3Client ?? createS3ClientForTarget(target.s3);
  const started = Date.now();

  if (!(await databaseExists(server, live, signal))) {
    throw new NotFoundError(`Live database ${live} does not exist`);
  }
  await withPg(server, { database: live, signal }, async c => {
    const r = await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      schema,
    ]);
    if ((r.rowCount ?? 0) > 0) {
      throw new ConflictError(`Schema ${schema} already exists in ${live}`);
    }
  });

  const dump = await prepareDump({
    target,
    key: options.key,
    client,
    steps,
    logger,
    secrets,
    signal,
    tempDir: options.tempDir,
    downloadConcurrency: options.downloadConcurrency,
  }).catch(error => {
    throw scrubbed(error);
  });
  const checks = [...dump.checks];
  let scratchCreated = false;
  let sideSchemaMayExist = false;
  try {
    await steps.run(
      'scratch',
      `Restore table definitions into scratch database ${scratch}`,
      async () => {
        try {
          await createEmptyDatabase(server, scratch);
        } catch (error) {
          // an interrupted CREATE DATABASE may still have committed; a conflict means it is not ours
          if (!(error instanceof ConflictError)) {
            scratchCreated = true;
          }
          throw error;
        }
        scratchCreated = true;
        await runProcess({
          command: pgProgram(target.pgBinDir, 'pg_restore'),
          args: [
            ...pgConnArgs(server, scratch),
            '--section=pre-data',
            '--exit-on-error',
            '--no-owner',
            '--no-privileges',
            '--no-password',
            dump.path,
          ],
          env: pgEnv(server),
          signal,
          secrets,
          logger,
        });
      },
    );

    const tables = await withPg(
      server,
      { database: scratch, signal },
      async c => {
        const all = await listUserTables(c, tenantColumn);
        return all
          .map(t => {
            if (t.hasTenant) {
              return { schema: t.schema, name: t.name, column: tenantColumn };
            }
            if (
              t.schema === tenantsTable.schema &&
              t.name === tenantsTable.name
            ) {
              return {
                schema: t.schema,
                name: t.name,
                column: tenantsTable.idColumn,
              };
            }
            return undefined;
          })
          .filter((t): t is { schema: string; name: string; column: string } =>
            Boolean(t),
          );
      },
    );
    if (tables.length === 0) {
      throw new InputError(
        `The backup has no table with a ${tenantColumn} column`,
      );
    }

    await steps.run(
      'scratch-data',
      `Load the data of ${tables.length} tenant tables into ${scratch}`,
      async () => {
        const wanted = new Set(tables.map(t => `${t.schema}\u0000${t.name}`));
        const lines = dump.toc.entries
          .filter(
            e =>
              e.desc === 'TABLE DATA' &&
              wanted.has(`${e.schema}\u0000${e.name}`),
          )
          .map(e => e.line);
        const listFile = path.join(
          path.dirname(dump.path),
          'tenant-tables.list',
        );
        await writeFile(listFile, `${lines.join('\n')}\n`, { mode: 0o600 });
        await runProcess({
          command: pgProgram(target.pgBinDir, 'pg_restore'),
          args: [
            ...pgConnArgs(server, scratch),
            '--data-only',
            `--use-list=${listFile}`,
            '--exit-on-error',
            '--no-owner',
            '--no-privileges',
            '--no-password',
            dump.path,
          ],
          env: pgEnv(server),
          signal,
          secrets,
          logger,
        });
      },
    );

    const restored: RestoredTenantTable[] = await steps.run(
      'extract',
      `Copy the rows of tenant ${tenantId} into schema ${schema} of the scratch database`,
      async setDetail => {
        const out = await withPg(
          server,
          { database: scratch, signal },
          async c => {
            await c.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
            const rows: RestoredTenantTable[] = [];
            for (const t of tables) {
              const side = sideTableName(t.schema, t.name);
              const src = `${quoteCatalogIdent(t.schema)}.${quoteCatalogIdent(
                t.name,
              )}`;
              const dst = `${quoteIdent(schema)}.${quoteCatalogIdent(side)}`;
              await c.query(`CREATE TABLE ${dst} (LIKE ${src})`);
              const r = await c.query(
                `INSERT INTO ${dst} SELECT * FROM ${src} WHERE ${quoteCatalogIdent(
                  t.column,
                )}::text = $1`,
                [tenantId],
              );
              rows.push({
                source: `${t.schema}.${t.name}`,
                table: `${schema}.${side}`,
                rows: r.rowCount ?? 0,
              });
            }
            return rows;
          },
        );
        const total = out.reduce((n, t) => n + t.rows, 0);
        if (total === 0) {
          throw new NotFoundError(
            `Tenant ${tenantId} has no rows in backup ${dump.info.key}`,
          );
        }
        setDetail(`${total} rows in ${out.length} tables`);
        return out;
      },
    );

    await steps.run(
      'import',
      `Move schema ${schema} into ${live} in one transaction`,
      async () => {
        sideSchemaMayExist = true;
        const dumpSide = spawnProcess({
          command: pgProgram(target.pgBinDir, 'pg_dump'),
          args: [
            ...pgConnArgs(server, scratch),
            '--format=custom',
            '--compress=0',
            `--schema=${schema}`,
            '--no-owner',
            '--no-privileges',
            '--no-password',
          ],
          env: pgEnv(server),
          stdout: 'pipe',
          signal,
          secrets,
          logger,
        });
        const load = spawnProcess({
          command: pgProgram(target.pgBinDir, 'pg_restore'),
          args: [
            ...pgConnArgs(server, live),
            '--single-transaction',
            '--exit-on-error',
            '--no-owner',
            '--no-privileges',
            '--no-password',
          ],
          env: pgEnv(server),
          stdin: dumpSide.stdout!,
          signal,
          secrets,
          logger,
        });
        const results = await Promise.allSettled([dumpSide.done, load.done]);
        const failure = results.find(r => r.status === 'rejected') as
          | PromiseRejectedResult
          | undefined;
        if (failure) {
          dumpSide.kill();
          load.kill();
          throw failure.reason;
        }
      },
    );

    await steps.run(
      'verify',
      `Check the rows in ${live}.${schema}`,
      async setDetail => {
        const problems: string[] = [];
        await withPg(server, { database: live, signal }, async c => {
          for (const t of restored) {
            const [s, n] = [schema, t.table.slice(schema.length + 1)];
            const r = await c.query<{ n: string; other: string }>(
              `SELECT count(*) AS n, count(*) FILTER (WHERE ${quoteCatalogIdent(
                tables.find(x => `${x.schema}.${x.name}` === t.source)!.column,
              )}::text IS DISTINCT FROM $1) AS other FROM ${quoteIdent(
                s,
              )}.${quoteCatalogIdent(n)}`,
              [tenantId],
            );
            if (Number(r.rows[0].n) !== t.rows) {
              problems.push(
                `${t.table}: ${r.rows[0].n} rows, expected ${t.rows}`,
              );
            }
            if (Number(r.rows[0].other) !== 0) {
              problems.push(
                `${t.table}: ${r.rows[0].other} rows of other tenants`,
              );
            }
          }
        });
        if (problems.length) {
          checks.push({
            id: 'tenant-rows',
            status: 'fail',
            detail: problems.join('; '),
          });
          throw new Error(
            `The side schema ${schema} failed its checks: ${problems.join(
              '; ',
            )}`,
          );
        }
        const total = restored.reduce((n, t) => n + t.rows, 0);
        checks.push({
          id: 'tenant-rows',
          status: 'pass',
          detail: `${total} rows of tenant ${tenantId} in ${restored.length} tables of ${schema}, no other tenant's rows`,
        });
        setDetail(`${total} rows`);
      },
    );

    return {
      target: target.name,
      key: dump.info.key,
      sha256: dump.sha256,
      restorePoint: dump.info.takenAt.toISOString(),
      tenantId,
      database: live,
      schema,
      tables: restored,
      checks,
      durationMs: Date.now() - started,
      steps: steps.steps,
    };
  } catch (error) {
    if (sideSchemaMayExist) {
      await withPg(server, { database: live }, c =>
        c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`),
      ).catch(() => {});
    }
    throw scrubbed(error);
  } finally {
    if (scratchCreated) {
      await steps
        .run(
          'cleanup',
          `Drop scratch database ${scratch}`,
          () => dropDatabaseIfExists(server, scratch),
          {
            ignoreAbort: true,
          },
        )
        .catch(() => {});
    }
    await dump.cleanup();
  }

  function scrubbed(error: unknown): Error {
    if (isAbortError(error) || signal?.aborted) {
      return new OperationAbortedError(
        `Tenant restore on ${target.name} was aborted`,
      );
    }
    const e = error instanceof Error ? error : new Error(String(error));
    e.message = scrubSecrets(e.message, secrets);
    return e;
  }
}
