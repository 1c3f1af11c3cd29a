import { z } from 'zod';
import {
  TRAINING_DATE_PATTERN,
  TRAINING_EVIDENCE_MAX_LENGTH,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
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
      .regex(TRAINING_DATE_PATTERN, 'must be a date YYYY-MM-DD')
      .describe('Completion date'),
    expires: z
      .string()
      .regex(TRAINING_DATE_PATTERN, 'must be a date YYYY-MM-DD')
      .optional()
      .describe('Expiry date; by default completion + the course validity'),
    evidence: z
      .string()
      .max(TRAINING_EVIDENCE_MAX_LENGTH)
      .optional()
      .describe('Link (http or https) to the evidence'),
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
