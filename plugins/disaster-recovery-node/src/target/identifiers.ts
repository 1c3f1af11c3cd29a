import { InputError } from '@backstage/errors';

/** Pattern every database, schema and table name the operations create or accept must match. @public */
export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws an InputError unless `name` is a plain lower-case SQL identifier (at most 63 bytes). @public */
export function assertIdentifier(name: unknown, what = 'name'): string {
  if (typeof name !== 'string' || !IDENTIFIER_PATTERN.test(name)) {
    throw new InputError(
      `Invalid ${what} ${JSON.stringify(
        String(name).slice(0, 80),
      )}: must match ${IDENTIFIER_PATTERN}`,
    );
  }
  return name;
}

/** Quotes a validated identifier for SQL (validation first, quoting still applied). @public */
export function quoteIdent(name: string): string {
  assertIdentifier(name, 'identifier');
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an arbitrary identifier that came from the server catalog (not from user input). @public */
export function quoteCatalogIdent(name: string): string {
  if (name.includes('\u0000')) {
    throw new InputError('Identifier contains a NUL byte');
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** Compact UTC timestamp for generated names: `YYYYMMDDHHMMSS`. @public */
export function nameTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:T]/g, '');
}

/** Builds and validates a generated identifier from parts joined with `_`; fails when it would exceed 63 bytes. @public */
export function generatedIdentifier(parts: string[], what: string): string {
  const name = parts.join('_');
  if (name.length > 63) {
    throw new InputError(
      `Generated ${what} ${JSON.stringify(
        name,
      )} is longer than 63 characters; use a shorter database or tenant name`,
    );
  }
  return assertIdentifier(name, what);
}

/** Pattern of tenant ids accepted by the tenant-scoped restore (UUIDs, slugs). @public */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Validates a tenant id and returns its identifier-safe form (lower case, `-` to `_`). @public */
export function tenantIdentifierPart(tenantId: unknown): string {
  if (typeof tenantId !== 'string' || !TENANT_ID_PATTERN.test(tenantId)) {
    throw new InputError(
      `Invalid tenant id ${JSON.stringify(
        String(tenantId).slice(0, 80),
      )}: must match ${TENANT_ID_PATTERN}`,
    );
  }
  return tenantId.toLowerCase().replace(/-/g, '_');
}
