import { PgConnection } from '../target/target';
import { OperationOptions, OperationStep } from '../operation/types';

/** Reprotect on this machine: the backend reaches the old primary's data directory. @public */
export interface ReprotectLocalMode {
  type: 'local';
  /** The old primary's data directory. */
  dataDir: string;
  /** OS user that owns it and runs the server (used through `runuser` when the backend runs as root). */
  osUser?: string;
  /** Server log for `pg_ctl start -l` (default: `postgres.log` next to the data directory). */
  logFile?: string;
}

/** Reprotect through a configured host command that rewinds/rebuilds and starts the server itself. @public */
export interface ReprotectCommandMode {
  type: 'command';
  /** Program and arguments (no shell, no secrets). It gets `DR_NEW_PRIMARY_HOST`, `DR_NEW_PRIMARY_PORT`, `DR_SLOT_NAME` and `PGPASSWORD`. */
  argv: string[];
  /** Extra environment; secrets go here. */
  env?: Record<string, string>;
  /** Kill the command after this many ms (default 30 min). */
  timeoutMs?: number;
}

/** Options of {@link reprotect}. @public */
export interface ReprotectOptions extends OperationOptions {
  /** The old primary, as it is reached once it runs again (as a standby). */
  server: PgConnection;
  /** The current primary it will stream from. */
  newPrimary: PgConnection;
  /** Physical replication slot on the new primary (created when missing; default `dr_standby`). */
  slotName?: string;
  mode: ReprotectLocalMode | ReprotectCommandMode;
  /** Directory of pg_ctl, pg_rewind, pg_basebackup (default PATH). */
  pgBinDir?: string;
  /** Fall back to a fresh pg_basebackup when pg_rewind fails (default true). */
  allowBasebackup?: boolean;
  /** How long to wait for the server to stream, in ms (default 120 s). */
  streamTimeoutMs?: number;
  /** Extra secrets to scrub. */
  secrets?: readonly string[];
}

/** What a reprotect did. @public */
export interface ReprotectResult {
  method: 'pg_rewind' | 'pg_basebackup' | 'command';
  /** Why pg_rewind was not used, when the run fell back to pg_basebackup. */
  rewindFailure?: string;
  slotName: string;
  /** Timeline the reprotected standby streams on. */
  timeline?: number;
  /** WAL position it had received when it was seen streaming. */
  receiveLsn?: string;
  steps: OperationStep[];
  startedAt: string;
  finishedAt: string;
}
