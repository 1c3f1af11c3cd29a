import { S3Client } from '@aws-sdk/client-s3';
import { createS3ClientForTarget } from '../objectStore/s3Client';
import { scrubSecrets } from '../process/scrubSecrets';
import { DatabaseTarget, targetSecrets } from '../target/target';
import { validateTarget } from '../target/validateTarget';
import { isAbortError, OperationAbortedError } from './errors';
import { StepRunner } from './steps';
import { DrLogger, OperationOptions, silentLogger } from './types';

/** What every operation body gets from {@link runOperation}: the checked target and the run's services. @public */
export interface OperationContext {
  /** The target, validated. */
  target: DatabaseTarget;
  logger: DrLogger;
  signal?: AbortSignal;
  /** Every secret of the run, scrubbed from step details, logs and errors. */
  secrets: readonly string[];
  /** Runs and times the operation's steps. */
  steps: StepRunner;
  /** The S3 client of the run (the caller's, else one made from the target on first use). */
  s3(): S3Client;
  /** `Date.now()` when the operation started. */
  startedAt: number;
}

/** Input every operation shares: a target, an optional S3 client and the {@link OperationOptions}. @public */
export interface OperationFrameOptions extends OperationOptions {
  target: DatabaseTarget;
  s3Client?: S3Client;
}

/**
 * The frame of every operation: validates the target, sets up the logger, the secrets, the step
 * runner and the S3 client, runs `body`, and turns whatever leaves it into either an
 * {@link OperationAbortedError} (`<what> of <target> was aborted`) or an error whose message is
 * scrubbed of the run's secrets.
 * @public
 */
export async function runOperation<T>(
  what: string,
  options: OperationFrameOptions,
  body: (ctx: OperationContext) => Promise<T>,
  extra: { secrets?: Array<string | undefined> } = {},
): Promise<T> {
  const target = validateTarget(options.target);
  const logger = options.logger ?? silentLogger;
  const signal = options.signal;
  const secrets = [
    ...targetSecrets(target),
    ...(extra.secrets ?? []).filter((s): s is string => !!s),
  ];
  const steps = new StepRunner({
    logger,
    onStep: options.onStep,
    signal,
    secrets,
  });
  let client = options.s3Client;
  const ctx: OperationContext = {
    target,
    logger,
    signal,
    secrets,
    steps,
    s3: () => (client ??= createS3ClientForTarget(target.s3)),
    startedAt: Date.now(),
  };
  try {
    return await body(ctx);
  } catch (error) {
    throw operationError(error, `${what} of ${target.name}`, ctx);
  }
}

/** The error an operation throws for `error`: an abort as {@link OperationAbortedError}, anything else scrubbed. */
function operationError(
  error: unknown,
  what: string,
  ctx: Pick<OperationContext, 'signal' | 'secrets'>,
): Error {
  if (isAbortError(error) || ctx.signal?.aborted) {
    return new OperationAbortedError(`${what} was aborted`);
  }
  const e = error instanceof Error ? error : new Error(String(error));
  e.message = scrubSecrets(e.message ?? String(error), ctx.secrets);
  return e;
}
