import { ResponseError } from '@backstage/errors';

/** Whether an error is the server answering 404 (it holds no posture for this entity). */
export function isNotFound(error: unknown): boolean {
  if (error instanceof ResponseError) return error.statusCode === 404;
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { statusCode?: unknown }).statusCode === 404
  );
}
