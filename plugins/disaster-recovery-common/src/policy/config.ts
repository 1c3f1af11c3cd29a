import { z } from 'zod';
import { DRILL_KINDS } from '../drills/drillKinds';

/**
 * The `disasterRecovery.policy` section of app-config as written (durations as strings). Maps are
 * keyed by id so that app-config files merge into the defaults entry by entry; lists replace the
 * defaults as a whole. See `config.d.ts` for the documentation of every field.
 */

const duration = z.string().min(1);
const likelihood = z.enum(['low', 'medium', 'high']);
const impact = z.enum(['low', 'medium', 'high', 'critical']);

const tierSchema = z
  .object({
    title: z.string().optional(),
    description: z.string().optional(),
    rto: duration.optional(),
    rpo: duration.optional(),
    mtd: duration.optional(),
    availability: z.number().optional(),
  })
  .strict();

const scenarioSchema = z
  .object({
    title: z.string().optional(),
    likelihood: likelihood.optional(),
    impact: impact.optional(),
    rto: duration.optional(),
    rpo: duration.optional(),
    mitigation: z.string().optional(),
    tier: z.string().optional(),
    drillCadence: z.string().optional(),
    drillKind: z.enum(DRILL_KINDS).optional(),
  })
  .strict();

const dataClassSchema = z
  .object({
    title: z.string().optional(),
    classification: z.enum(['critical', 'important', 'standard']).optional(),
    backupFrequency: duration.optional(),
    retention: duration.optional(),
    pointInTimeRecovery: z.boolean().optional(),
  })
  .strict();

const regionSchema = z
  .object({
    role: z.enum(['primary', 'secondary', 'tertiary']).optional(),
    standby: z.enum(['active', 'hot', 'cold']).optional(),
    holdsBackups: z.boolean().optional(),
    description: z.string().optional(),
  })
  .strict();

const roleSchema = z
  .object({
    title: z.string().optional(),
    description: z.string().optional(),
    minimumTrained: z.number().int().optional(),
  })
  .strict();

const courseSchema = z
  .object({
    title: z.string().optional(),
    validity: duration.optional(),
    requiredFor: z
      .object({
        everyone: z.boolean().optional(),
        roles: z.array(z.string()).optional(),
        groups: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const describedSchema = z
  .object({ id: z.string().min(1), title: z.string(), description: z.string() })
  .strict();

/** zod schema of the `disasterRecovery.policy` config section. @public */
export const drPolicyConfigSchema = z
  .object({
    defaultTier: z.string().optional(),
    tiers: z.record(z.string(), tierSchema).optional(),
    scenarios: z.record(z.string(), scenarioSchema).optional(),
    dataClasses: z.record(z.string(), dataClassSchema).optional(),
    retentionEnforcement: z
      .object({ minAge: duration.optional() })
      .strict()
      .optional(),
    severityLevels: z
      .array(
        z
          .object({
            id: z.string().min(1),
            title: z.string(),
            description: z.string(),
            downtimeWeight: z.number().optional(),
          })
          .strict(),
      )
      .optional(),
    escalation: z
      .array(
        z
          .object({
            from: duration,
            to: duration.optional(),
            action: z.string(),
            responsible: z.string(),
          })
          .strict(),
      )
      .optional(),
    impactLevels: z
      .array(
        z
          .object({ id: impact, title: z.string(), description: z.string() })
          .strict(),
      )
      .optional(),
    businessFunctions: z.array(describedSchema).optional(),
    regions: z.record(z.string(), regionSchema).optional(),
    roles: z.record(z.string(), roleSchema).optional(),
    testCalendar: z
      .object({
        grace: duration.optional(),
        cadences: z.record(z.string(), duration).optional(),
        activities: z
          .record(
            z.string(),
            z
              .object({
                title: z.string().optional(),
                cadence: z.string().optional(),
              })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .optional(),
    runbookReview: z
      .object({ interval: duration.optional() })
      .strict()
      .optional(),
    training: z
      .object({ courses: z.record(z.string(), courseSchema).optional() })
      .strict()
      .optional(),
    posture: z
      .object({
        warnRatio: z.number().optional(),
        missedBackupsToFail: z.number().int().optional(),
        replicationMaxAge: duration.optional(),
        crossRegionCopyMaxAge: duration.optional(),
        dueSoon: duration.optional(),
      })
      .strict()
      .optional(),
    availability: z
      .object({
        window: duration.optional(),
        burnRateWindow: duration.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The `disasterRecovery.policy` config section as written in app-config. @public */
export type DrPolicyConfig = z.infer<typeof drPolicyConfigSchema>;
