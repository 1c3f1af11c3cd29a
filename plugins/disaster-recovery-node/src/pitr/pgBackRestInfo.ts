import { InputError } from '@backstage/errors';
import os from 'node:os';
import { withPg } from '../postgres/pgTools';
import { runProcess } from '../process/processRunner';
import { DatabaseTarget, targetSecrets } from '../target/target';
import { DrLogger, silentLogger } from '../operation/types';

/** One pgBackRest backup set. @public */
export interface PgBackRestBackup {
  label: string;
  /** `full`, `diff` or `incr`. */
  type: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601: the earliest moment this backup can restore to. */
  stoppedAt: string;
  /** Database size, bytes. */
  sizeBytes?: number;
  /** Size in the repository (compressed), bytes. */
  repoSizeBytes?: number;
  walStart?: string;
  walStop?: string;
  error?: boolean;
}

/** Parsed `pgbackrest info --output=json` of one stanza. @public */
export interface PgBackRestInfo {
  stanza: string;
  /** Status code (0 = ok) and message. */
  status: { code: number; message: string };
  backups: PgBackRestBackup[];
  /** WAL archive range of the current database id. */
  archive?: { min?: string; max?: string };
}

function iso(seconds: unknown): string {
  const n = Number(seconds);
  return Number.isFinite(n) ? new Date(n * 1000).toISOString() : '';
}

/** Parses the JSON printed by `pgbackrest info --output=json` (pure). @public */
export function parsePgBackRestInfo(
  json: string,
  stanza: string,
): PgBackRestInfo {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('pgbackrest info did not print valid JSON');
  }
  const list = Array.isArray(data) ? data : [];
  const entry = list.find((s: { name?: string }) => s?.name === stanza) as
    | Record<string, any>
    | undefined;
  if (!entry) {
    throw new Error(`pgbackrest info has no stanza ${stanza}`);
  }
  const backups: PgBackRestBackup[] = (entry.backup ?? []).map(
    (b: Record<string, any>) => ({
      label: String(b.label),
      type: String(b.type),
      startedAt: iso(b.timestamp?.start),
      stoppedAt: iso(b.timestamp?.stop),
      sizeBytes: typeof b.info?.size === 'number' ? b.info.size : undefined,
      repoSizeBytes:
        typeof b.info?.repository?.size === 'number'
          ? b.info.repository.size
          : undefined,
      walStart: b.archive?.start,
      walStop: b.archive?.stop,
      error: b.error === true ? true : undefined,
    }),
  );
  const archives: Array<Record<string, any>> = entry.archive ?? [];
  const current = archives[archives.length - 1];
  return {
    stanza,
    status: {
      code: Number(entry.status?.code ?? -1),
      message: String(entry.status?.message ?? 'unknown'),
    },
    backups,
    archive: current
      ? { min: current.min ?? undefined, max: current.max ?? undefined }
      : undefined,
  };
}

/** Runs `pgbackrest info --output=json` for the target's stanza and parses it. @public */
export async function readPgBackRestInfo(
  target: DatabaseTarget,
  options: { signal?: AbortSignal; logger?: DrLogger } = {},
): Promise<PgBackRestInfo> {
  const pgbr = target.pgbackrest;
  if (!pgbr) {
    throw new InputError(`Target ${target.name} has no pgBackRest settings`);
  }
  const [cmd, ...rest] = pgbr.command;
  const { stdout } = await runProcess({
    command: cmd,
    args: [...rest, `--stanza=${pgbr.stanza}`, '--output=json', 'info'],
    cwd: os.tmpdir(),
    signal: options.signal,
    secrets: targetSecrets(target),
    logger: options.logger ?? silentLogger,
  });
  return parsePgBackRestInfo(stdout, pgbr.stanza);
}

/** The span of time a point-in-time restore can reach. @public */
export interface PitrWindow {
  /** One second after the stop time of the oldest usable backup (ISO 8601). */
  earliest: string;
  /** Last WAL archived (from the primary's pg_stat_archiver), else the newest backup's stop time (ISO 8601). */
  latest: string;
  /** Where `latest` comes from. */
  latestSource: 'archiver' | 'backup';
  info: PgBackRestInfo;
}

/**
 * Reads the PITR window: from the oldest good backup's end to the last archived WAL segment
 * (`pg_stat_archiver.last_archived_time` on the primary, when reachable).
 * @public
 */
export async function readPitrWindow(
  target: DatabaseTarget,
  options: { signal?: AbortSignal; logger?: DrLogger } = {},
): Promise<PitrWindow> {
  const info = await readPgBackRestInfo(target, options);
  const good = info.backups.filter(b => !b.error && b.stoppedAt);
  if (good.length === 0) {
    throw new InputError(`Stanza ${info.stanza} has no backup to restore from`);
  }
  // info has whole seconds; the backup became consistent up to a second after its stop stamp
  const earliest = new Date(
    Date.parse(good.map(b => b.stoppedAt).sort()[0]) + 1000,
  ).toISOString();
  const newestBackup = good
    .map(b => b.stoppedAt)
    .sort()
    .reverse()[0];
  let latest = newestBackup;
  let latestSource: PitrWindow['latestSource'] = 'backup';
  try {
    const archived = await withPg(
      target.primary,
      { signal: options.signal },
      async c => {
        const r = await c.query<{ t: Date | null }>(
          'SELECT last_archived_time AS t FROM pg_stat_archiver',
        );
        return r.rows[0]?.t ?? null;
      },
    );
    if (archived && archived.toISOString() > latest) {
      latest = archived.toISOString();
      latestSource = 'archiver';
    }
  } catch (error) {
    (options.logger ?? silentLogger).warn(
      `Could not read pg_stat_archiver on ${target.name}; the PITR window ends at the newest backup`,
    );
  }
  return { earliest, latest, latestSource, info };
}
