import { ConflictError, NotFoundError } from '@backstage/errors';
import { assertKeyInPrefix } from '../backup/backupKey';
import { OperationContext } from '../operation/runOperation';
import { CreatedDatabase } from '../postgres/createdDatabase';
import {
  databaseExists,
  MAINTENANCE_DATABASE,
  scratchDatabaseName,
} from '../postgres/databases';
import { assertConnection, withPg } from '../postgres/pgTools';
import {
  assertIdentifier,
  generatedIdentifier,
  nameTimestamp,
  tenantIdentifierPart,
} from '../target/identifiers';
import { PgConnection, targetDatabaseName } from '../target/target';
import { assertCheckIds } from '../verify/checks';
import type { RestoreTenantOptions } from './restoreTenant';
import { TenantLayout } from './tenantTables';

/** The checked input and generated names of one tenant restore. */
export interface TenantRestore {
  ctx: OperationContext;
  tenantId: string;
  layout: TenantLayout;
  server: PgConnection;
  live: string;
  /** Side schema `restore_<tenant>_<ts>`. */
  schema: string;
  scratch: CreatedDatabase;
  /** Check ids whose warnings the caller accepts. */
  accepted: string[];
  /** Whether the side schema stays in the scratch database (the live one is never written). */
  inScratch: boolean;
}

/** Checks the input of a tenant restore and names its side schema and scratch database. */
export function planTenantRestore(
  ctx: OperationContext,
  options: RestoreTenantOptions,
): TenantRestore {
  if (options.key !== undefined) {
    assertKeyInPrefix(ctx.target, options.key);
  }
  const accepted = assertCheckIds(options.acceptWarnings, 'acceptWarnings');
  const tenantPart = tenantIdentifierPart(options.tenantId);
  const tenantColumn = assertIdentifier(
    options.tenantColumn ?? 'tenant_id',
    'tenantColumn',
  );
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
    assertIdentifier(part, 'tenantsTable name');
  }
  const at = (options.now ?? (() => new Date()))();
  const live = targetDatabaseName(ctx.target);
  const server = assertConnection(
    { ...ctx.target.primary, database: MAINTENANCE_DATABASE },
    'Primary',
  );
  return {
    ctx,
    tenantId: options.tenantId,
    accepted,
    inScratch: options.sideSchemaIn === 'scratch',
    layout: { tenantColumn, tenantsTable },
    server,
    live,
    schema: options.names
      ? assertIdentifier(options.names.sideSchema, 'side schema name')
      : generatedIdentifier(
          ['restore', tenantPart, nameTimestamp(at)],
          'side schema name',
        ),
    scratch: new CreatedDatabase(
      server,
      options.names
        ? assertIdentifier(
            options.names.scratchDatabase,
            'scratch database name',
          )
        : scratchDatabaseName(live, at, 'tenant'),
    ),
  };
}

/** Refuses early when the live database is missing or the side schema's name is taken. */
export async function assertLiveReady(r: TenantRestore): Promise<void> {
  const { ctx, server, live, schema } = r;
  if (!(await databaseExists(server, live, ctx.signal))) {
    throw new NotFoundError(`Live database ${live} does not exist`);
  }
  await withPg(server, { database: live, signal: ctx.signal }, async c => {
    const found = await c.query(
      'SELECT 1 FROM pg_namespace WHERE nspname = $1',
      [schema],
    );
    if ((found.rowCount ?? 0) > 0) {
      throw new ConflictError(`Schema ${schema} already exists in ${live}`);
    }
  });
}
