/** Error of an external program that failed; its message holds the scrubbed tail of stderr. @public */
export class ProcessError extends Error {
  /** Exit code, or null when the process was killed by a signal. */
  readonly exitCode: number | null;
  /** Signal that killed the process, if any. */
  readonly exitSignal: NodeJS.Signals | null;
  /** Scrubbed tail of stderr. */
  readonly stderr: string;

  constructor(
    message: string,
    details: {
      exitCode: number | null;
      exitSignal: NodeJS.Signals | null;
      stderr: string;
    },
  ) {
    super(message);
    this.name = 'ProcessError';
    this.exitCode = details.exitCode;
    this.exitSignal = details.exitSignal;
    this.stderr = details.stderr;
  }
}

/** Error thrown when an operation was cancelled through its AbortSignal. @public */
export class OperationAbortedError extends Error {
  constructor(message = 'The operation was aborted') {
    super(message);
    this.name = 'AbortError';
  }
}

/** Throws {@link OperationAbortedError} when the signal is aborted. @public */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw new OperationAbortedError();
  }
}

/** Whether an error is an abort (ours, Node's or the AWS SDK's). @public */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof OperationAbortedError ||
    (error instanceof Error &&
      (error.name === 'AbortError' || error.name === 'AbortedError'))
  );
}

/** A backup failed its checks before anything was restored; `checks` says which and why. @public */
export class BackupCheckError extends Error {
  readonly checks: Array<{ id: string; status: string; detail: string }>;

  constructor(
    message: string,
    checks: Array<{ id: string; status: string; detail: string }>,
  ) {
    super(message);
    this.name = 'BackupCheckError';
    this.checks = checks;
  }
}
