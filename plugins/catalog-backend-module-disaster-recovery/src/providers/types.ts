/** One tenant as the platform's tenant registry describes it. @public */
export interface TenantRecord {
  /** Stable id in the registry, e.g. `tenant-00001`. */
  id: string;
  /** Unique URL-safe name; becomes the entity name. */
  slug: string;
  /** Display name; becomes the entity title. */
  name: string;
  /** Tier id from the DR policy, e.g. `standard`, `critical`. */
  tier: string;
  /** Data class ids from the DR policy. */
  dataClasses: string[];
  /** Owning group (entity ref or group name). */
  ownerGroup: string;
  /** Home region, e.g. `us-east-1`. */
  region: string;
  /** When the tenant was created (ISO 8601). */
  createdAt?: string;
}

/** Where tenants are read from (the demo platform's database, a file, a URL). @public */
export interface TenantSource {
  /** Human description for logs, never containing a secret (e.g. `postgres 127.0.0.1:5432/ecommerce table tenants`). */
  describe(): string;
  /** Reads every tenant. Throws when the registry cannot be read or is malformed. */
  read(): Promise<TenantRecord[]>;
}
