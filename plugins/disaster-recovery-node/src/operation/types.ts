/** Minimal logger the operations write progress to; Backstage's `LoggerService` satisfies it. @public */
export interface DrLogger {
  /** Logs an error. */
  error(message: string, meta?: Record<string, unknown> | Error): void;
  /** Logs a warning. */
  warn(message: string, meta?: Record<string, unknown> | Error): void;
  /** Logs progress. */
  info(message: string, meta?: Record<string, unknown> | Error): void;
  /** Logs detail. */
  debug(message: string, meta?: Record<string, unknown> | Error): void;
}

/** Status of one step of an operation. @public */
export type OperationStepStatus =
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped';

/** One timed step of an operation, reported to {@link StepRecorder} when it starts and when it ends. @public */
export interface OperationStep {
  /** Stable id of the step, e.g. `download`, `restore`, `cutover`. */
  id: string;
  /** Human title of the step. */
  title: string;
  status: OperationStepStatus;
  /** ISO 8601 start time. */
  startedAt: string;
  /** ISO 8601 end time, once the step ended. */
  finishedAt?: string;
  /** Wall time of the step in milliseconds, once it ended. */
  durationMs?: number;
  /** Short result or failure reason; never contains a secret. */
  detail?: string;
}

/** Callback that receives every step of an operation when it starts and when it ends. @public */
export type StepRecorder = (step: OperationStep) => void;

/** Options every operation accepts: cancellation, logging and step timings. @public */
export interface OperationOptions {
  /** Aborts the operation: spawned processes are killed and partial results are cleaned up. */
  signal?: AbortSignal;
  /** Progress log; defaults to a silent logger. */
  logger?: DrLogger;
  /** Receives each step when it starts and ends, with timings. */
  onStep?: StepRecorder;
}

/** A logger that drops everything. @public */
export const silentLogger: DrLogger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
};
