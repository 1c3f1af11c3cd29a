/** One entry of a dump's table of contents, from `pg_restore --list`. @public */
export interface TocEntry {
  dumpId: number;
  /** Entry kind, e.g. `TABLE`, `TABLE DATA`, `INDEX`, `FK CONSTRAINT`. */
  desc: string;
  schema: string;
  /** Object name (tag). */
  name: string;
  owner: string;
  /** The original list line, for building `-L` list files. */
  line: string;
}

/** Header and entries of a dump's table of contents. @public */
export interface DumpToc {
  /** Name of the database the dump was taken from (`dbname:` in the header). */
  database?: string;
  createdAt?: string;
  format?: string;
  compression?: string;
  serverVersion?: string;
  dumpVersion?: string;
  entryCount?: number;
  entries: TocEntry[];
}

// multi-word descriptions first, so that `TABLE DATA` is not read as `TABLE`
const DESCS = [
  'MATERIALIZED VIEW DATA',
  'MATERIALIZED VIEW',
  'TABLE DATA',
  'SEQUENCE SET',
  'SEQUENCE OWNED BY',
  'FK CONSTRAINT',
  'CHECK CONSTRAINT',
  'DEFAULT ACL',
  'FOREIGN TABLE',
  'LARGE OBJECT',
  'BLOB',
  'BLOBS',
  'TEXT SEARCH CONFIGURATION',
  'TEXT SEARCH DICTIONARY',
  'EVENT TRIGGER',
  'POLICY',
  'PUBLICATION TABLE',
  'ROW SECURITY',
  'SCHEMA',
  'TABLE',
  'SEQUENCE',
  'INDEX',
  'CONSTRAINT',
  'DEFAULT',
  'VIEW',
  'FUNCTION',
  'PROCEDURE',
  'AGGREGATE',
  'TYPE',
  'DOMAIN',
  'EXTENSION',
  'COMMENT',
  'ACL',
  'TRIGGER',
  'RULE',
  'STATISTICS',
  'COLLATION',
  'PUBLICATION',
  'SUBSCRIPTION',
  'ENCODING',
  'STDSTRINGS',
  'SEARCHPATH',
  'DATABASE',
];

const HEADER: Record<string, keyof DumpToc> = {
  dbname: 'database',
  format: 'format',
  compression: 'compression',
  'dumped from database version': 'serverVersion',
  'dump version': 'dumpVersion',
};

/** Parses the output of `pg_restore --list`. @public */
export function parseTocList(text: string): DumpToc {
  const toc: DumpToc = { entries: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith(';')) {
      const created = /^;\s*Archive created at (.+)$/.exec(line);
      if (created) {
        toc.createdAt = created[1].trim();
        continue;
      }
      const header = /^;\s+([A-Za-z ]+):\s*(.*)$/.exec(line);
      if (header) {
        const label = header[1].trim().toLowerCase();
        if (label === 'toc entries') {
          toc.entryCount = Number(header[2]);
        } else if (HEADER[label]) {
          (toc as unknown as Record<string, string>)[HEADER[label]] =
            header[2].trim();
        }
      }
      continue;
    }
    const m = /^(\d+);\s+\d+\s+\d+\s+(.*)$/.exec(line);
    if (!m) {
      continue;
    }
    const rest = m[2];
    const desc = DESCS.find(d => rest.startsWith(`${d} `));
    if (!desc) {
      continue;
    }
    const parts = rest.slice(desc.length + 1).split(' ');
    // <schema> <name...> <owner>; schema is '-' for global objects
    const schema = parts[0] ?? '';
    const owner = parts.length > 2 ? parts[parts.length - 1] : '';
    const name =
      parts.length > 2 ? parts.slice(1, -1).join(' ') : parts[1] ?? '';
    toc.entries.push({ dumpId: Number(m[1]), desc, schema, name, owner, line });
  }
  return toc;
}

/** Tables the dump creates (schema and name). @public */
export function tocTables(
  toc: DumpToc,
): Array<{ schema: string; name: string }> {
  return toc.entries
    .filter(e => e.desc === 'TABLE')
    .map(e => ({ schema: e.schema, name: e.name }));
}

/** Tables the dump has a data entry for. @public */
export function tocTablesWithData(
  toc: DumpToc,
): Array<{ schema: string; name: string }> {
  return toc.entries
    .filter(e => e.desc === 'TABLE DATA')
    .map(e => ({ schema: e.schema, name: e.name }));
}
