import { BackupMetadata } from '../backup/backupMetadata';
import { BackupCheckError } from '../operation/errors';
import { CheckOutcome, VerificationCheck } from '../verify/checks';
import { DetectedFormat, formatProblem } from './dumpFormat';
import { compareTables, noShapeCheck } from '../verify/expectedShape';
import { LoadedShape } from '../verify/loadExpectedShape';
import { DumpToc, tocTables } from './toc';

/** What an operation does with a dump: the three users of the dump checks. @public */
export type DumpCheckMode = 'quick' | 'full' | 'restore';

/** Whether a mode runs a check. @public */
export type DumpCheckUse = 'runs' | 'not-run';

/** One row of {@link DUMP_CHECK_TABLE}. @public */
export interface DumpCheckRule {
  /** Check id, as it appears in results. */
  id: string;
  /** What is checked. */
  rule: string;
  /** Outcome when the check runs and the dump fails it. */
  onFailure: CheckOutcome;
  /** Outcome when the evidence the check needs is absent, and why that outcome. */
  whenAbsent?: { outcome: CheckOutcome; reason: string };
  /** Which modes run it: `quick` verify, `full` verify, `restore` (database and tenant restores). */
  modes: Record<DumpCheckMode, DumpCheckUse>;
}

const ALL: Record<DumpCheckMode, DumpCheckUse> = {
  quick: 'runs',
  full: 'runs',
  restore: 'runs',
};

/**
 * The one table of what each mode requires of a dump before (or while) it is restored. Every
 * operation builds its checks with {@link DumpCheckList}, which follows this table.
 *
 * A missing checksum is a `warn` in every mode: backups uploaded by the plan's own script (a
 * plain PUT with SSE) carry no checksum metadata and must stay usable, but their integrity rests
 * on a restore that is verified (full verify, or the restore's own checks) — and a warning blocks
 * a cut-over until it is explicitly accepted. It is never a silent pass.
 * @public
 */
export const DUMP_CHECK_TABLE: readonly DumpCheckRule[] = [
  {
    id: 'size',
    rule: 'the object is larger than 0 bytes',
    onFailure: 'fail',
    modes: ALL,
  },
  {
    id: 'metadata',
    rule: 'the `database` metadata, when recorded, names the target database (recorded only when it does not)',
    onFailure: 'fail',
    modes: ALL,
  },
  {
    id: 'format',
    rule: 'the first bytes are a pg_dump custom archive (PGDMP); gzip, plain SQL and tar are named',
    onFailure: 'fail',
    modes: ALL,
  },
  {
    id: 'toc',
    rule: '`pg_restore --list` reads a non-empty table of contents',
    onFailure: 'fail',
    modes: ALL,
  },
  {
    id: 'database',
    rule: "the table of contents' `dbname` is the target database",
    onFailure: 'fail',
    modes: ALL,
  },
  {
    id: 'checksum',
    rule: 'the SHA-256 of every byte read equals the `sha256` metadata',
    onFailure: 'fail',
    whenAbsent: {
      outcome: 'warn',
      reason:
        'no SHA-256 recorded (e.g. uploaded with a plain PUT): integrity rests on a verified restore, and a cut-over needs this warning accepted',
    },
    modes: ALL,
  },
  {
    id: 'shape',
    rule: "every table of the backup's expected shape (its statistics, else the live catalog, else the previous verified backup) is in the table of contents",
    onFailure: 'fail',
    whenAbsent: {
      outcome: 'warn',
      reason:
        'no expected shape could be had: the backup is not shown to be of this database, and a cut-over needs this warning accepted',
    },
    modes: ALL,
  },
  {
    id: 'archive',
    rule: '`pg_restore --file=/dev/null` reads and decompresses every block',
    onFailure: 'fail',
    modes: { quick: 'runs', full: 'not-run', restore: 'not-run' },
  },
  {
    id: 'restore',
    rule: 'the dump restores into a new database (scratch for full verify)',
    onFailure: 'fail',
    modes: { quick: 'not-run', full: 'runs', restore: 'runs' },
  },
  {
    id: 'row-drift',
    rule: "row counts of the restored copy are within the tolerance of the expected ones, when those are approximate (live catalog, previous backup); the tolerance's `exceeded: 'fail'` makes it fail",
    onFailure: 'warn',
    modes: { quick: 'not-run', full: 'runs', restore: 'runs' },
  },
  {
    id: 'amcheck',
    rule: '`pg_amcheck --heapallindexed` finds no corruption in the restored copy (a check that cannot run warns)',
    onFailure: 'fail',
    modes: { quick: 'not-run', full: 'runs', restore: 'not-run' },
  },
];

/** The rule of a check id in {@link DUMP_CHECK_TABLE}. @public */
export function dumpCheckRule(id: string): DumpCheckRule {
  const rule = DUMP_CHECK_TABLE.find(r => r.id === id);
  if (!rule) {
    throw new Error(`No dump check ${id}`);
  }
  return rule;
}

/** The table as Markdown (the README shows it; a test keeps the two equal). @public */
export function dumpCheckTableMarkdown(): string {
  const cell = (u: DumpCheckUse) => (u === 'runs' ? 'yes' : '—');
  const rows = DUMP_CHECK_TABLE.map(
    r =>
      `| \`${r.id}\` | ${r.rule} | ${r.onFailure} | ${
        r.whenAbsent ? `${r.whenAbsent.outcome}: ${r.whenAbsent.reason}` : '—'
      } | ${cell(r.modes.quick)} | ${cell(r.modes.full)} | ${cell(
        r.modes.restore,
      )} |`,
  );
  return [
    '| check | rule | on failure | evidence absent | quick | full | restore |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * The checks of one dump, built by the rules of {@link DUMP_CHECK_TABLE}. Each method records
 * its check and says whether the dump may go on to the next step. Pure: it looks only at what
 * it is given.
 * @public
 */
export class DumpCheckList {
  readonly checks: VerificationCheck[] = [];

  constructor(
    readonly mode: DumpCheckMode,
    readonly expectedDatabase: string,
    readonly key: string,
  ) {}

  private record(id: string, status: CheckOutcome, detail: string): boolean {
    if (dumpCheckRule(id).modes[this.mode] !== 'runs') {
      throw new Error(`Check ${id} does not run in ${this.mode} mode`);
    }
    this.checks.push({ id, status, detail });
    return status !== 'fail';
  }

  private fail(id: string, detail: string): boolean {
    return this.record(id, dumpCheckRule(id).onFailure, detail);
  }

  private absent(id: string, detail?: string): boolean {
    const rule = dumpCheckRule(id);
    return this.record(
      id,
      rule.whenAbsent!.outcome,
      detail ?? rule.whenAbsent!.reason,
    );
  }

  /** `size`: the object has bytes. */
  size(sizeBytes: number): boolean {
    return sizeBytes > 0
      ? this.record('size', 'pass', `${sizeBytes} bytes`)
      : this.fail('size', 'the backup object is empty (0 bytes)');
  }

  /** `metadata`: the recorded database, if any, is the target's (recorded only when it disagrees). */
  metadata(metadata: BackupMetadata): boolean {
    if (!metadata.database || metadata.database === this.expectedDatabase) {
      return true;
    }
    return this.fail(
      'metadata',
      `metadata says database ${metadata.database}, expected ${this.expectedDatabase}`,
    );
  }

  /** `format`: a custom archive. */
  format(format: DetectedFormat): boolean {
    const problem = formatProblem(format);
    return problem
      ? this.fail('format', problem)
      : this.record('format', 'pass', 'pg_dump custom archive (PGDMP)');
  }

  /** `toc` and `database`: the table of contents was read, has entries, and names the target database. */
  toc(toc: DumpToc | undefined, error?: string): boolean {
    if (!toc || error !== undefined) {
      return this.fail(
        'toc',
        `pg_restore --list failed: ${error ?? 'no table of contents'}`,
      );
    }
    if (toc.entries.length === 0) {
      return this.fail('toc', 'the table of contents has no entries');
    }
    const tables = toc.entries.filter(e => e.desc === 'TABLE').length;
    this.record(
      'toc',
      'pass',
      `${toc.entries.length} entries, ${tables} tables, compression ${
        toc.compression ?? 'unknown'
      }`,
    );
    return toc.database === this.expectedDatabase
      ? this.record('database', 'pass', `dump of database ${toc.database}`)
      : this.fail(
          'database',
          `dump of database ${toc.database ?? '(unknown)'}, expected ${
            this.expectedDatabase
          }`,
        );
  }

  /** `checksum`: the computed SHA-256 against the recorded one; absent = warn (see the table). */
  checksum(expected: string | undefined, computed: string): boolean {
    if (!expected) {
      return this.absent('checksum');
    }
    return expected === computed
      ? this.record('checksum', 'pass', `SHA-256 ${computed} matches metadata`)
      : this.fail(
          'checksum',
          `SHA-256 ${computed} does not match the recorded ${expected}`,
        );
  }

  /** `shape`: the dump's tables against the expected shape; no shape = warn (see the table). */
  shape(loaded: LoadedShape, toc: DumpToc): boolean {
    if (!loaded.shape) {
      return this.absent(
        'shape',
        noShapeCheck(loaded.reason ?? 'unknown').detail,
      );
    }
    const check = compareTables(
      loaded.shape,
      tocTables(toc),
      "the dump's table of contents",
    );
    return this.record('shape', check.status, check.detail);
  }

  /** A check the table governs but another module computed (`row-drift`, `amcheck`). */
  computed(check: VerificationCheck): boolean {
    return this.record(check.id, check.status, check.detail);
  }

  /** `archive` (quick) or `restore` (full, restore): the dump was read or restored whole; `problem` says why not. */
  readWhole(problem: string | undefined, detail: string): boolean {
    const id = this.mode === 'quick' ? 'archive' : 'restore';
    return problem === undefined
      ? this.record(id, 'pass', detail)
      : this.fail(id, problem);
  }

  /** Adds checks the table does not govern (those of a restored database, cleanup). */
  add(...checks: VerificationCheck[]): void {
    this.checks.push(...checks);
  }

  /** Whether any check failed. */
  get failed(): boolean {
    return this.checks.some(c => c.status === 'fail');
  }

  /** The error that stops a restore: the failed checks, and all checks for the record. */
  error(): BackupCheckError {
    const reasons = this.checks
      .filter(c => c.status === 'fail')
      .map(c => `${c.id}: ${c.detail}`);
    return new BackupCheckError(
      `Backup ${this.key} failed its checks (${reasons.join('; ')})`,
      [...this.checks],
    );
  }

  /** Throws {@link DumpCheckList.error} when a check failed. */
  throwIfFailed(): void {
    if (this.failed) {
      throw this.error();
    }
  }
}
