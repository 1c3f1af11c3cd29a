import { isAbortError, ProcessError } from '../operation/errors';
import { OperationContext } from '../operation/runOperation';
import { pgEnv, pgProgram } from '../postgres/pgTools';
import { runProcess } from '../process/processRunner';
import { PgConnection } from '../target/target';
import { VerificationCheck } from './checks';

/** pg_amcheck's exit code when it found corruption (1 is any other error). */
const CORRUPTION_FOUND = 2;

/**
 * `amcheck`: runs `pg_amcheck` (PostgreSQL 15, in `pgBinDir`) on a restored copy — every table's
 * heap and every B-tree index, with `--heapallindexed` — installing the `amcheck` extension into
 * that copy if it is missing. Corruption fails; a check that could not run (e.g. no privilege to
 * install the extension) warns, since it proves nothing either way.
 * @public
 */
export async function amcheckStep(
  ctx: OperationContext,
  server: PgConnection,
  database: string,
): Promise<VerificationCheck> {
  return ctx.steps.run(
    'amcheck',
    `Check heap and index integrity of ${database} (pg_amcheck)`,
    async setDetail => {
      let check: VerificationCheck;
      try {
        await runProcess({
          command: pgProgram(ctx.target.pgBinDir, 'pg_amcheck'),
          args: [
            `--host=${server.host}`,
            `--port=${server.port}`,
            `--username=${server.user}`,
            `--maintenance-db=${database}`,
            `--database=${database}`,
            '--install-missing',
            '--heapallindexed',
            '--no-password',
          ],
          env: pgEnv(server),
          signal: ctx.signal,
          secrets: ctx.secrets,
          logger: ctx.logger,
        });
        check = {
          id: 'amcheck',
          status: 'pass',
          detail: 'pg_amcheck found no corruption in any table or B-tree index',
        };
      } catch (error) {
        if (isAbortError(error)) throw error;
        const corrupt =
          error instanceof ProcessError && error.exitCode === CORRUPTION_FOUND;
        check = {
          id: 'amcheck',
          status: corrupt ? 'fail' : 'warn',
          detail: corrupt
            ? `pg_amcheck found corruption: ${error.stderr.slice(-1000)}`
            : `pg_amcheck could not run: ${(error as Error).message}`,
        };
      }
      setDetail(`amcheck:${check.status}`);
      return check;
    },
  );
}
