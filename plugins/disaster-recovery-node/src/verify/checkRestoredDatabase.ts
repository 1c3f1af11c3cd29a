import { OperationContext } from '../operation/runOperation';
import { withPg } from '../postgres/pgTools';
import { BackupStats } from '../postgres/tableStats';
import { DumpToc } from '../dump/toc';
import { PgConnection } from '../target/target';
import { VerificationCheck } from './checks';
import {
  compareRowCounts,
  DEFAULT_ROW_COUNT_TOLERANCE,
  ExpectedShape,
  RowCountTolerance,
} from './expectedShape';
import { runSanityChecks } from './sanityChecks';

/** What a restored database is checked against. @public */
export interface RestoredDatabaseExpectation {
  toc: DumpToc;
  stats?: BackupStats;
  /** Why statistics are absent, when they are. */
  statsProblem?: string;
  tenantColumn?: string;
  /** The expected shape; its approximate row counts are compared within `tolerance`. */
  shape?: ExpectedShape;
  tolerance?: Required<RowCountTolerance>;
}

/**
 * Checks a database restored from a dump (a full verify's scratch copy, or a restore's new
 * database): tables, row counts per table and per tenant.
 * @public
 */
export async function checkRestoredDatabase(
  server: PgConnection,
  database: string,
  expected: RestoredDatabaseExpectation,
  signal?: AbortSignal,
): Promise<VerificationCheck[]> {
  const sanity = await withPg(server, { database, signal }, client =>
    runSanityChecks({ client, ...expected }),
  );
  const { shape } = expected;
  // counts recorded with the backup are compared exactly by `row-counts`
  if (!shape || shape.source === 'stats-sidecar') {
    return sanity.checks;
  }
  return [
    ...sanity.checks,
    compareRowCounts(
      shape,
      sanity.tables,
      expected.tolerance ?? DEFAULT_ROW_COUNT_TOLERANCE,
    ),
  ];
}

/** Short `id:status` list of checks for a step's detail. @public */
export function describeChecks(checks: VerificationCheck[]): string {
  return checks.map(c => `${c.id}:${c.status}`).join(', ');
}

/** {@link checkRestoredDatabase} as a step of an operation (`sanity` in a full verify, `verify` in a restore). @public */
export async function checkRestoredDatabaseStep(
  ctx: OperationContext,
  step: { id: string; server: PgConnection; database: string },
  expected: RestoredDatabaseExpectation,
): Promise<VerificationCheck[]> {
  return ctx.steps.run(
    step.id,
    `Check tables and row counts in ${step.database}`,
    async setDetail => {
      const found = await checkRestoredDatabase(
        step.server,
        step.database,
        expected,
        ctx.signal,
      );
      setDetail(describeChecks(found));
      return found;
    },
  );
}
