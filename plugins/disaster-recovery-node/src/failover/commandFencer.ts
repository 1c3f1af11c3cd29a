import os from 'node:os';
import { InputError } from '@backstage/errors';
import { runProcess } from '../process/processRunner';
import { scrubSecrets } from '../process/scrubSecrets';
import { FenceRecord, FenceRequest, Fencer } from './types';

/** Settings of the {@link CommandFencer}. @public */
export interface CommandFencerOptions {
  /** Program and arguments, e.g. `['/usr/local/bin/stonith', '--node', 'db-1']`; never a shell string, never a secret. */
  argv: string[];
  /** Environment for the program; secrets (API tokens) go here, never into argv. */
  env?: Record<string, string>;
  /** Run it even when the old primary is unreachable (a STONITH or cloud API call); default true. */
  runWhenUnreachable?: boolean;
  /** Kill it after this many ms (default 60 s). */
  timeoutMs?: number;
}

/**
 * Fences the old primary with a configured program (`pg_ctl stop`, a cloud API, a STONITH
 * script), spawned with an argument array and no shell. The program also gets
 * `DR_FENCE_HOST` and `DR_FENCE_PORT`; exit 0 means fenced.
 * @public
 */
export class CommandFencer implements Fencer {
  readonly type = 'command';
  private readonly options: CommandFencerOptions;

  constructor(options: CommandFencerOptions) {
    const argv = options?.argv;
    if (
      !Array.isArray(argv) ||
      argv.length === 0 ||
      argv.some(a => typeof a !== 'string') ||
      !argv[0]
    ) {
      throw new InputError(
        'command fencer: argv must be a non-empty array of strings',
      );
    }
    const secrets = Object.values(options.env ?? {}).filter(v => v.length >= 3);
    if (argv.some(a => secrets.some(s => a.includes(s)))) {
      throw new InputError(
        'command fencer: a value of env appears in argv; pass secrets through env only',
      );
    }
    this.options = options;
  }

  describe(): string {
    return `command fence: ${this.options.argv[0]}`;
  }

  async fence(request: FenceRequest): Promise<FenceRecord> {
    const { argv, env = {} } = this.options;
    if (!request.reachable && this.options.runWhenUnreachable === false) {
      return {
        type: this.type,
        fenced: false,
        actions: [],
        reason:
          'the old primary is unreachable and this fencer runs only on a reachable one',
      };
    }
    const secrets = [...request.secrets, ...Object.values(env)];
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => controller.abort(),
      this.options.timeoutMs ?? 60_000,
    );
    const started = new Date().toISOString();
    try {
      const { stdout } = await runProcess({
        command: argv[0],
        args: argv.slice(1),
        env: {
          ...env,
          DR_FENCE_HOST: request.primary.host,
          DR_FENCE_PORT: String(request.primary.port),
        },
        cwd: os.tmpdir(),
        signal: controller.signal,
        secrets,
        logger: request.logger,
        maxStdoutBytes: 64 * 1024,
      });
      const out = scrubSecrets(stdout.trim(), secrets).slice(-500);
      return {
        type: this.type,
        fenced: true,
        actions: [
          {
            action: 'run-command',
            detail: scrubSecrets(
              `${argv.join(' ')} exited 0${out ? `: ${out}` : ''}`,
              secrets,
            ),
            at: started,
          },
        ],
      };
    } catch (error) {
      if (request.signal?.aborted) throw error;
      const message = controller.signal.aborted
        ? `timed out after ${this.options.timeoutMs ?? 60_000} ms`
        : scrubSecrets((error as Error).message, secrets);
      throw new Error(`command fence ${argv[0]} failed: ${message}`);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }
}
