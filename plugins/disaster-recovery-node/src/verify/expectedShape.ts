import { InputError } from '@backstage/errors';
import { BackupStats } from '../postgres/tableStats';
import { CheckOutcome, VerificationCheck } from './checks';

/** Where an expected shape comes from, best first. @public */
export type ExpectedShapeSource =
  | 'stats-sidecar'
  | 'live-catalog'
  | 'previous-verified-backup';

/** One table a backup of the target must contain, with its approximate row count (undefined: unknown). @public */
export interface ExpectedTable {
  schema: string;
  name: string;
  rows?: number;
}

/**
 * What a backup of a target should contain: its schemas, tables and approximate row counts. It
 * comes from the backup's statistics sidecar, else the live database's catalog, else the
 * previous verified backup's statistics (when the live database is unreachable).
 * @public
 */
export interface ExpectedShape {
  source: ExpectedShapeSource;
  /** Where exactly, for the check's detail (e.g. `statistics of <key>`). */
  from: string;
  schemas: string[];
  tables: ExpectedTable[];
}

/**
 * How far a row count may drift from the expected one before the `row-drift` check reacts: more
 * than `max(absolute, relative × expected)` rows away gives `exceeded`.
 * @public
 */
export interface RowCountTolerance {
  /** Fraction of the expected count (default 0.1: 10 %). */
  relative?: number;
  /** Rows (default 10), so that small tables do not trip on a handful of rows. */
  absolute?: number;
  /** Outcome when a table is outside the tolerance: `warn` (default) or `fail`. */
  exceeded?: 'warn' | 'fail';
}

/** Tolerance used unless the target's config or the operation's options say otherwise. @public */
export const DEFAULT_ROW_COUNT_TOLERANCE: Required<RowCountTolerance> = {
  relative: 0.1,
  absolute: 10,
  exceeded: 'warn',
};

/** Validates a tolerance (InputError naming `field`) and fills in the defaults. @public */
export function resolveRowCountTolerance(
  value: unknown,
  field = 'rowCountTolerance',
): Required<RowCountTolerance> {
  if (value === undefined) {
    return DEFAULT_ROW_COUNT_TOLERANCE;
  }
  const t = value as RowCountTolerance;
  if (!t || typeof t !== 'object' || Array.isArray(t)) {
    throw new InputError(`${field} must be an object`);
  }
  const relative = t.relative ?? DEFAULT_ROW_COUNT_TOLERANCE.relative;
  const absolute = t.absolute ?? DEFAULT_ROW_COUNT_TOLERANCE.absolute;
  const exceeded = t.exceeded ?? DEFAULT_ROW_COUNT_TOLERANCE.exceeded;
  if (typeof relative !== 'number' || !(relative >= 0 && relative <= 10)) {
    throw new InputError(`${field}.relative must be a number from 0 to 10`);
  }
  if (!Number.isInteger(absolute) || absolute < 0) {
    throw new InputError(`${field}.absolute must be a whole number >= 0`);
  }
  if (exceeded !== 'warn' && exceeded !== 'fail') {
    throw new InputError(`${field}.exceeded must be 'warn' or 'fail'`);
  }
  return { relative, absolute, exceeded };
}

const rel = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

function listSome(items: string[], max = 5): string {
  return items.length > max
    ? `${items.slice(0, max).join(', ')} and ${items.length - max} more`
    : items.join(', ');
}

/** The shape recorded in a backup's statistics (exact counts at the dump's snapshot). @public */
export function shapeFromStats(
  stats: BackupStats,
  source: ExpectedShapeSource,
  from: string,
): ExpectedShape {
  return {
    source,
    from,
    schemas: [...new Set(stats.tables.map(t => t.schema))].sort(),
    tables: stats.tables.map(t => ({
      schema: t.schema,
      name: t.name,
      rows: t.rows,
    })),
  };
}

/** The `shape` check when no expected shape could be had: a warning, never a pass. @public */
export function noShapeCheck(reason: string): VerificationCheck {
  return {
    id: 'shape',
    status: 'warn',
    detail: `nothing to compare the backup with (${reason}): it is not shown to be a backup of this database`,
  };
}

/**
 * `shape`: every table the target should have is in the backup (its table of contents, or the
 * restored copy). A missing table fails; a backup of another schema therefore fails.
 * @public
 */
export function compareTables(
  shape: ExpectedShape,
  found: Array<{ schema: string; name: string }>,
  where: string,
): VerificationCheck {
  const have = new Set(found.map(rel));
  const missing = shape.tables.filter(t => !have.has(rel(t))).map(rel);
  const expected = new Set(shape.tables.map(rel));
  const extra = found.filter(t => !expected.has(rel(t))).map(rel);
  const extraNote = extra.length ? `; not expected: ${listSome(extra)}` : '';
  if (missing.length > 0) {
    return {
      id: 'shape',
      status: 'fail',
      detail: `${missing.length} of ${shape.tables.length} tables of the ${
        shape.from
      } are missing from ${where}: ${listSome(missing)}${extraNote}`,
    };
  }
  return {
    id: 'shape',
    status: 'pass',
    detail: `all ${shape.tables.length} tables in ${shape.schemas.length} schemas of the ${shape.from} are in ${where}${extraNote}`,
  };
}

/**
 * `row-drift`: each table's row count in the restored copy is within the tolerance of the
 * expected (approximate) count. Tables whose expected count is unknown are not compared.
 * @public
 */
export function compareRowCounts(
  shape: ExpectedShape,
  counted: Array<{ schema: string; name: string; rows: number }>,
  tolerance: Required<RowCountTolerance>,
): VerificationCheck {
  const rows = new Map(counted.map(t => [rel(t), t.rows]));
  const drifted: string[] = [];
  let compared = 0;
  for (const t of shape.tables) {
    const got = rows.get(rel(t));
    if (t.rows === undefined || got === undefined) continue;
    compared++;
    const allowed = Math.max(tolerance.absolute, tolerance.relative * t.rows);
    if (Math.abs(got - t.rows) > allowed) {
      drifted.push(`${rel(t)}: ${got} rows, expected about ${t.rows}`);
    }
  }
  const within = `within ±max(${tolerance.absolute} rows, ${Math.round(
    tolerance.relative * 100,
  )} %)`;
  const status: CheckOutcome = drifted.length ? tolerance.exceeded : 'pass';
  return {
    id: 'row-drift',
    status,
    detail: drifted.length
      ? `${drifted.length} of ${compared} tables are not ${within} of the ${
          shape.from
        }: ${listSome(drifted)}`
      : `${compared} tables ${within} of the ${shape.from}`,
  };
}
