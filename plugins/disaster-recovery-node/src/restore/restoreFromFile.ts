import {
  SessionSettings,
  pgConnArgs,
  pgEnv,
  pgProgram,
} from '../postgres/pgTools';
import { OperationContext } from '../operation/runOperation';
import { runProcess } from '../process/processRunner';
import { PgConnection } from '../target/target';

/** `pg_restore` flags of a database restore: stop on the first error, never prompt, optionally skip owners and privileges. */
export function restoreFlags(noOwner?: boolean): string[] {
  return [
    '--exit-on-error',
    '--no-password',
    ...(noOwner ? ['--no-owner', '--no-privileges'] : []),
  ];
}

/**
 * The restore strategy: `pg_restore -j` over the whole downloaded file into `database`. (A
 * strategy that restored while downloading was slower on every P4 run and was removed.)
 */
export async function restoreFromFile(
  ctx: OperationContext,
  options: {
    server: PgConnection;
    database: string;
    file: string;
    jobs: number;
    flags: string[];
    settings?: SessionSettings;
  },
): Promise<void> {
  const { server, database } = options;
  await ctx.steps.run(
    'restore',
    `Restore into ${database} (pg_restore -j ${options.jobs})`,
    async () => {
      await runProcess({
        command: pgProgram(ctx.target.pgBinDir, 'pg_restore'),
        args: [
          ...pgConnArgs(server, database),
          `--jobs=${options.jobs}`,
          ...options.flags,
          options.file,
        ],
        env: pgEnv(server, options.settings),
        signal: ctx.signal,
        secrets: ctx.secrets,
        logger: ctx.logger,
      });
    },
  );
}
