import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { DATE_PATTERN } from './trainingDates';
import { TRAINING_PAGE } from '../database/DatabaseTrainingStore';

/** Body of `POST /training-records`. */
export const createTrainingRecordBody = z
  .object({
    person: z
      .string()
      .trim()
      .min(1)
      .describe('User entity ref (`user:default/jane.doe` or `jane.doe`)'),
    course: z.string().trim().min(1).describe('Course id from the policy'),
    completed: z
      .string()
      .regex(DATE_PATTERN, 'must be a date YYYY-MM-DD')
      .describe('Completion date'),
    expires: z
      .string()
      .regex(DATE_PATTERN, 'must be a date YYYY-MM-DD')
      .optional()
      .describe('Expiry date; by default completion + the course validity'),
    evidence: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2048)
      .optional()
      .describe('Link to the evidence'),
  })
  .strict();

/** Query of `GET /training-records`. */
export const listTrainingRecordsQuery = z
  .object({
    person: z.string().trim().min(1).optional(),
    course: z.string().trim().min(1).optional(),
    offset: z.coerce.number().int().min(0).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(TRAINING_PAGE.maxLimit)
      .optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .strict();

/** Parses with a zod schema; an InputError naming every wrong field otherwise. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(issue => {
      const path = issue.path.join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
  }
  return parsed.data;
}
