import { InputError } from '@backstage/errors';
import {
  defaultRunPurpose,
  DRILL_KINDS,
  INCIDENT_ID_PATTERN,
  purposeIsChoosable,
  RUN_PURPOSES,
  RunPurpose,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { z } from 'zod/v3';
import {
  FAILOVER_RISK_IDS,
  NEWEST_BACKUP_KEY,
  RECOVERY_OPERATION_NAMES,
  RecoveryOperationName,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { CHECK_ID_PATTERN } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { describeIssues } from '../router/schemas';

const keySchema = z
  .string()
  .min(1)
  .max(1024)
  .optional()
  .describe(
    'Object key of the backup inside the target prefix; omit or `newest` for the newest backup by time',
  );

const acceptWarningsSchema = z
  .array(
    z.string().regex(CHECK_ID_PATTERN, {
      message: `must be a check id matching ${CHECK_ID_PATTERN}`,
    }),
  )
  .max(32)
  .default([])
  .describe(
    'Ids of verification checks whose warnings you accept (e.g. `checksum`, `row-drift`); they are recorded with the run. Any other warning stops the restore',
  );

const acceptRisksSchema = z
  .array(z.enum(FAILOVER_RISK_IDS))
  .max(FAILOVER_RISK_IDS.length)
  .default([])
  .describe(
    'Ids of failing preflight checks whose risk you accept (e.g. `old-primary-unreachable`, `lag-beyond-rpo`); recorded with the run. Any other failing check refuses the run',
  );

/** Parameters of each operation (strict: unknown fields are rejected). @public */
export const operationParameterSchemas = {
  backup: z.object({}).strict(),
  verify: z
    .object({
      mode: z
        .enum(['quick', 'full'])
        .default('quick')
        .describe(
          'quick: size, checksum, listing; full: also a scratch restore with sanity checks',
        ),
      key: keySchema,
    })
    .strict(),
  restore: z
    .object({
      key: keySchema,
      cutOver: z
        .boolean()
        .default(false)
        .describe('Repoint traffic to the restored copy once it is verified'),
      acceptWarnings: acceptWarningsSchema,
    })
    .strict(),
  'restore-tenant': z
    .object({
      key: keySchema,
      acceptWarnings: acceptWarningsSchema,
    })
    .strict(),
  'restore-pitr': z
    .object({
      targetTime: z
        .string()
        .datetime({ offset: true })
        .describe('Point in time to recover to (ISO 8601 with zone)'),
      cutOver: z
        .boolean()
        .default(false)
        .describe(
          'Repoint traffic to the recovered server once it is verified',
        ),
    })
    .strict(),
  'discard-copy': z
    .object({
      name: z
        .string()
        .regex(/^(?:[a-z_][a-z0-9_]{0,62}|pitr-[A-Za-z0-9_.-]{1,120})$/, {
          message:
            'must be a PostgreSQL identifier (lower case) or a pitr-… directory name',
        })
        .describe(
          'Name of the restored copy to drop: a `<db>_restore_<ts>` or `<db>_old_<ts>` database, a `restore_<tenant>_<ts>` side schema, or a `pitr-<stanza>-<ts>-<random>` PITR server',
        ),
    })
    .strict(),
  switchover: z.object({ acceptRisks: acceptRisksSchema }).strict(),
  failover: z
    .object({
      acceptRisks: acceptRisksSchema,
      incidentStartedAt: z
        .string()
        .datetime({ offset: true })
        .optional()
        .describe(
          'When the incident started (ISO 8601 with zone); the achieved RTO is measured from it, else from the run start',
        ),
    })
    .strict(),
  reprotect: z
    .object({
      allowBasebackup: z
        .boolean()
        .optional()
        .describe(
          'Rebuild with pg_basebackup when pg_rewind cannot rewind the old primary (default: the target setting, true)',
        ),
    })
    .strict(),
  drill: z
    .object({
      scenario: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, {
          message: 'must be a scenario id of the policy',
        })
        .describe(
          'Scenario id from the policy (disasterRecovery.policy.scenarios)',
        ),
      kind: z
        .enum(DRILL_KINDS)
        .optional()
        .describe("Drill kind; default the scenario's drillKind"),
      key: keySchema,
      participants: z
        .array(z.string().min(1).max(200))
        .max(20)
        .default([])
        .describe(
          'People taking part besides the initiator (entity refs or names), listed in the report',
        ),
      actionItems: z
        .array(z.string().min(1).max(500))
        .max(20)
        .default([])
        .describe('Action items to put into the report'),
      pointInTime: z
        .boolean()
        .optional()
        .describe(
          "Restore drills: recover the stanza to the drill's own moment through pgBackRest (point-in-time restore into a new server) instead of restoring a dump",
        ),
      acknowledgeLiveSwitchover: z
        .boolean()
        .optional()
        .describe(
          'A live switchover drill switches production to the standby and back: true says the initiator knows (required to run one; a dry run needs none)',
        ),
    })
    .strict(),
} satisfies Record<RecoveryOperationName, z.ZodTypeAny>;

/** Parsed parameters of each operation. @public */
export type OperationParameters = {
  [K in RecoveryOperationName]: z.infer<(typeof operationParameterSchemas)[K]>;
};

/** Body of `POST /operations`. @public */
export const operationRequestSchema = z
  .object({
    operation: z.enum(RECOVERY_OPERATION_NAMES),
    entityRef: z.string().min(1).max(512),
    dryRun: z.boolean().optional(),
    purpose: z
      .enum(RUN_PURPOSES)
      .optional()
      .describe(
        'test, drill or recovery; default: recovery for a cut-over, test for a restore without one',
      ),
    incidentId: z
      .string()
      .regex(INCIDENT_ID_PATTERN, {
        message: 'must be an incident id INC-YYYY-NNN',
      })
      .optional()
      .describe(
        'The incident the run serves; the run is listed with its achieved RTO and data loss in the incident review',
      ),
    parameters: z.record(z.unknown()).default({}),
    idempotencyKey: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[\x21-\x7e]+$/, {
        message: 'must be printable ASCII without spaces',
      })
      .optional(),
  })
  .strict();

/** A parsed `POST /operations` body. @public */
export type OperationRequest = z.infer<typeof operationRequestSchema>;

/** Parses a `POST /operations` body, throwing InputError with every problem. @public */
export function parseOperationRequest(body: unknown): OperationRequest {
  const parsed = operationRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new InputError(
      `Invalid operation request: ${describeIssues(
        parsed.error,
        'operation request',
      )}`,
    );
  }
  return parsed.data;
}

/** Parses an operation's parameters, throwing InputError (before any side effect) when invalid. @public */
export function parseOperationParameters<K extends RecoveryOperationName>(
  operation: K,
  parameters: unknown,
): OperationParameters[K] {
  const parsed = operationParameterSchemas[operation].safeParse(
    parameters ?? {},
  );
  if (!parsed.success) {
    throw new InputError(
      `Invalid parameters for ${operation}: ${describeIssues(
        parsed.error,
        'parameters',
      )}`,
    );
  }
  const data = parsed.data as OperationParameters[K] & { key?: string };
  if (data.key === NEWEST_BACKUP_KEY) {
    delete data.key;
  }
  return data;
}

/**
 * The purpose of a run: the caller's, where the operation can be either a test, a drill or a
 * recovery (restores), else the one its operation and cut-over imply. InputError naming `purpose`
 * when the caller names one the operation cannot have: a purpose for a backup, another than
 * `test` for a verification, or `test` with a cut-over (which replaces the live database).
 *
 * @public
 */
export function runPurposeFor(
  operation: RecoveryOperationName,
  requested: RunPurpose | undefined,
  parameters: { cutOver?: boolean },
): RunPurpose | undefined {
  const derived = defaultRunPurpose(operation, { cutOver: parameters.cutOver });
  if (requested === undefined || requested === derived) {
    return derived;
  }
  if (!purposeIsChoosable(operation)) {
    throw new InputError(
      `Invalid operation request: purpose: a ${operation} run ${
        derived ? `is always a ${derived}` : 'has no purpose'
      }; only restores take a purpose`,
    );
  }
  if (requested === 'test' && parameters.cutOver) {
    throw new InputError(
      'Invalid operation request: purpose: a test never cuts over; a cut-over replaces the live database (purpose recovery, or drill)',
    );
  }
  return requested;
}

/**
 * Parses what a request asks of a run before any side effect: the operation's parameters and the
 * run's purpose (InputError naming the field otherwise).
 *
 * @public
 */
export function parseRunParameters(request: OperationRequest): {
  parameters: OperationParameters[RecoveryOperationName];
  purpose: RunPurpose | undefined;
} {
  const parameters = parseOperationParameters(
    request.operation,
    request.parameters,
  );
  const purpose = runPurposeFor(
    request.operation,
    request.purpose,
    parameters as { cutOver?: boolean },
  );
  return { parameters, purpose };
}
