import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { TenantRecord, TenantSource } from './types';

function pick(row: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) {
    if (row[key] !== undefined && row[key] !== null) return row[key];
  }
  return undefined;
}

/**
 * Turns a parsed JSON/YAML document (a list of tenants, or `{ tenants: [...] }`) into tenant
 * records. Accepts camelCase or snake_case keys and data classes as a list or a comma-separated
 * string; the fields themselves are checked later by `checkTenants`.
 *
 * @public
 */
export function tenantsFromDocument(
  doc: unknown,
  what: string,
): TenantRecord[] {
  const list =
    doc && typeof doc === 'object' && !Array.isArray(doc)
      ? (doc as Record<string, unknown>).tenants
      : doc;
  if (!Array.isArray(list)) {
    throw new InputError(
      `${what} must be a list of tenants or an object with a 'tenants' list`,
    );
  }
  return list.map((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new InputError(`${what}: tenant #${i + 1} must be an object`);
    }
    const row = item as Record<string, unknown>;
    const classes = pick(row, 'dataClasses', 'data_classes');
    const created = pick(row, 'createdAt', 'created_at');
    return {
      id: pick(row, 'id') as string,
      slug: pick(row, 'slug') as string,
      name: pick(row, 'name') as string,
      tier: pick(row, 'tier') as string,
      dataClasses:
        typeof classes === 'string'
          ? classes
              .split(',')
              .map(c => c.trim())
              .filter(Boolean)
          : (classes as string[]),
      ownerGroup: pick(row, 'ownerGroup', 'owner_group', 'owner') as string,
      region: pick(row, 'region') as string,
      createdAt:
        created instanceof Date
          ? created.toISOString()
          : (created as string | undefined),
    };
  });
}

/** Reads tenants from a JSON or YAML document at a URL (through the URL reader) or in a file. @public */
export class DocumentTenantSource implements TenantSource {
  constructor(
    private readonly location: { url: string } | { file: string },
    private readonly urlReader?: UrlReaderService,
  ) {}

  describe(): string {
    return 'url' in this.location
      ? `url ${this.location.url}`
      : `file ${this.location.file}`;
  }

  async read(): Promise<TenantRecord[]> {
    let text: string;
    if ('url' in this.location) {
      if (!this.urlReader)
        throw new Error('No URL reader to read tenants with');
      const response = await this.urlReader.readUrl(this.location.url);
      text = (await response.buffer()).toString('utf8');
    } else {
      text = await readFile(this.location.file, 'utf8');
    }
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (e) {
      throw new InputError(
        `${this.describe()} is not valid JSON or YAML: ${(e as Error).message}`,
      );
    }
    return tenantsFromDocument(doc, this.describe());
  }
}
