import { scrubSecrets } from '../process/scrubSecrets';
import { throwIfAborted } from './errors';
import { DrLogger, OperationStep, StepRecorder, silentLogger } from './types';

/** Runs named steps, timing each and reporting it to the step recorder and the logger. @public */
export class StepRunner {
  readonly steps: OperationStep[] = [];
  private readonly logger: DrLogger;
  private readonly onStep?: StepRecorder;
  private readonly signal?: AbortSignal;
  private readonly secrets: readonly string[];

  constructor(options: {
    logger?: DrLogger;
    onStep?: StepRecorder;
    signal?: AbortSignal;
    secrets?: readonly string[];
  }) {
    this.logger = options.logger ?? silentLogger;
    this.onStep = options.onStep;
    this.signal = options.signal;
    this.secrets = options.secrets ?? [];
  }

  private emit(step: OperationStep) {
    try {
      this.onStep?.({ ...step });
    } catch (error) {
      this.logger.warn(`Step recorder failed: ${(error as Error).message}`);
    }
  }

  /** Runs `fn` as step `id`; `fn` may return a detail string via `setDetail`. Rethrows failures after recording them. */
  async run<T>(
    id: string,
    title: string,
    fn: (setDetail: (detail: string) => void) => Promise<T>,
    options: { ignoreAbort?: boolean } = {},
  ): Promise<T> {
    if (!options.ignoreAbort) {
      throwIfAborted(this.signal);
    }
    const started = Date.now();
    const step: OperationStep = {
      id,
      title,
      status: 'running',
      startedAt: new Date(started).toISOString(),
    };
    this.steps.push(step);
    this.emit(step);
    this.logger.info(`${title}…`);
    let detail: string | undefined;
    try {
      const result = await fn(d => {
        detail = scrubSecrets(d, this.secrets);
      });
      const finished = Date.now();
      step.status = 'succeeded';
      step.finishedAt = new Date(finished).toISOString();
      step.durationMs = finished - started;
      step.detail = detail;
      this.emit(step);
      this.logger.info(
        `${title}: done in ${step.durationMs} ms${
          detail ? ` (${detail})` : ''
        }`,
      );
      return result;
    } catch (error) {
      const finished = Date.now();
      step.status = 'failed';
      step.finishedAt = new Date(finished).toISOString();
      step.durationMs = finished - started;
      step.detail = scrubSecrets(
        (error as Error)?.message ?? String(error),
        this.secrets,
      ).slice(0, 2000);
      this.emit(step);
      this.logger.error(
        `${title}: failed after ${step.durationMs} ms: ${step.detail}`,
      );
      throw error;
    }
  }

  /** Records a step that was not run, with the reason. */
  skip(id: string, title: string, reason: string) {
    const now = new Date().toISOString();
    const step: OperationStep = {
      id,
      title,
      status: 'skipped',
      startedAt: now,
      finishedAt: now,
      durationMs: 0,
      detail: reason,
    };
    this.steps.push(step);
    this.emit(step);
    this.logger.info(`${title}: skipped (${reason})`);
  }
}
