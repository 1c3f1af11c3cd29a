import { InputError } from '@backstage/errors';
import {
  CHECK_STATUSES,
  DRILL_CALENDAR_STATUSES,
  DrPolicy,
  postureCheckIds,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { z } from 'zod';

/** Largest page the API returns. */
export const MAX_PAGE_SIZE = 500;

/** A query parameter given once, repeated, or comma-separated, as a list. */
function list<T extends z.ZodTypeAny>(item: T) {
  return z.preprocess(value => {
    if (value === undefined || value === '') return undefined;
    const values = Array.isArray(value) ? value : [value];
    return values
      .flatMap(v => (typeof v === 'string' ? v.split(',') : [v]))
      .map(v => (typeof v === 'string' ? v.trim() : v))
      .filter(v => v !== '');
  }, z.array(item).min(1).optional());
}

const single = (schema: z.ZodString) =>
  z.preprocess(v => (v === '' ? undefined : v), schema.max(256).optional());

const offset = z.coerce.number().int().min(0).max(1_000_000).optional();
const limit = z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional();

/** Query of `GET /fleet`. */
export const fleetQuerySchema = z
  .object({
    offset,
    limit,
    sort: z
      .enum(['entityRef', 'title', 'overall', 'tier', 'nextBreachAt'])
      .optional(),
    order: z.enum(['asc', 'desc']).optional(),
    status: list(
      z.enum(CHECK_STATUSES as unknown as ['pass', 'warn', 'fail', 'unknown']),
    ),
    tier: list(z.string().min(1).max(128)),
    failingCheck: single(z.string().min(1)),
    owner: single(z.string().min(1)),
    cause: single(z.string().regex(/^[0-9a-f]{32}$/, 'a cause key')),
    database: single(z.string().min(1)),
    system: single(z.string().min(1)),
    q: single(z.string().min(1)),
    drill: single(z.string().min(1)),
    drillStatus: list(
      z.enum(
        DRILL_CALENDAR_STATUSES as unknown as [
          'never',
          'current',
          'due',
          'overdue',
        ],
      ),
    ),
  })
  .strict();

/** Query of `GET /findings`. */
export const findingsQuerySchema = z
  .object({
    offset,
    limit,
    minEntities: z.coerce.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

/** Routes that take no query parameters. */
export const emptyQuerySchema = z.object({}).strict();

/** Query of the paged lists (`/backups`). */
export const pageQuerySchema = z.object({ offset, limit }).strict();

/** Query of `GET /runs`. */
export const runsQuerySchema = z
  .object({
    entityRef: single(z.string().min(1)),
    operation: list(z.string().min(1).max(64)),
    offset,
    limit,
  })
  .strict();

/** Query of the history routes. */
export const historyQuerySchema = z
  .object({
    days: z.coerce.number().int().min(1).max(3660).default(30),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
  })
  .strict();

/** Query of `GET /metrics`. */
export const metricsQuerySchema = z
  .object({
    windowDays: z.coerce.number().int().min(1).max(3660).default(90),
  })
  .strict();

/** Route parameters naming an entity. */
export const entityParamsSchema = z.object({
  kind: z.string().min(1).max(64),
  namespace: z.string().min(1).max(64),
  name: z.string().min(1).max(253),
});

/**
 * Every problem of a failed parse as `path: message`, joined with `; `; a problem of the whole
 * input (no path) names it by `what`.
 */
export function describeIssues(
  error: {
    issues: ReadonlyArray<{
      path: ReadonlyArray<PropertyKey>;
      message: string;
    }>;
  },
  what: string,
): string {
  return error.issues
    .map(i => `${i.path.length ? i.path.join('.') : what}: ${i.message}`)
    .join('; ');
}

/** Parses input with a schema, or throws an InputError that says what is wrong. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: string,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${describeIssues(parsed.error, what)}`,
    );
  }
  return parsed.data;
}

/** Throws an InputError when `failingCheck` names no check the policy can produce. */
export function assertKnownCheck(
  policy: DrPolicy,
  checkId: string | undefined,
) {
  if (checkId && !postureCheckIds(policy).includes(checkId)) {
    throw new InputError(
      `Invalid query: failingCheck: unknown check '${checkId}'`,
    );
  }
}
