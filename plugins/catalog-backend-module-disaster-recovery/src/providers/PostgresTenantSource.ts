import { Client } from 'pg';
import { InputError } from '@backstage/errors';
import { TenantRecord, TenantSource } from './types';

/** Connection to the tenant registry database (the password is a secret: never logged). @public */
export interface TenantDatabaseConfig {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  /** Table (optionally schema-qualified) with the registry's columns; default `tenants`. */
  table: string;
  /** Require TLS; default false. */
  ssl?: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * Reads tenants from the platform's tenant registry table: `id, slug, name, tier,
 * data_classes text[], owner_group, region, created_at`.
 *
 * @public
 */
export class PostgresTenantSource implements TenantSource {
  private readonly table: string;

  constructor(private readonly config: TenantDatabaseConfig) {
    const parts = config.table.split('.');
    if (parts.length > 2 || parts.some(p => !IDENT.test(p))) {
      throw new InputError(
        `table '${config.table}' must be a table name, optionally schema-qualified (schema.table)`,
      );
    }
    this.table = parts.map(p => `"${p}"`).join('.');
  }

  describe(): string {
    const { host, port, database, table } = this.config;
    return `postgres ${host}:${port}/${database} table ${table}`;
  }

  async read(): Promise<TenantRecord[]> {
    const client = new Client({
      host: this.config.host,
      port: this.config.port,
      user: this.config.user,
      password: this.config.password,
      database: this.config.database,
      ssl: this.config.ssl ? { rejectUnauthorized: true } : undefined,
      connectionTimeoutMillis: 10_000,
      statement_timeout: 60_000,
      application_name: 'backstage-dr-tenant-provider',
    });
    await client.connect();
    try {
      const { rows } = await client.query<{
        id: string;
        slug: string;
        name: string;
        tier: string;
        data_classes: string[] | null;
        owner_group: string;
        region: string;
        created_at: Date | null;
      }>(
        `SELECT id, slug, name, tier, data_classes, owner_group, region, created_at FROM ${this.table} ORDER BY id`,
      );
      return rows.map(r => ({
        id: r.id,
        slug: r.slug,
        name: r.name,
        tier: r.tier,
        dataClasses: r.data_classes ?? [],
        ownerGroup: r.owner_group,
        region: r.region,
        createdAt: r.created_at ? r.created_at.toISOString() : undefined,
      }));
    } finally {
      await client.end();
    }
  }
}
