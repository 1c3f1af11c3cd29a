import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { DisasterRecoveryApiClient } from '../client/DisasterRecoveryApiClient';
import { examples } from './trainingRecord.examples';

/** Id of the record-training action. @public */
export const TRAINING_RECORD_ACTION_ID = 'disaster-recovery:training:record';

/** Options of {@link createTrainingRecordAction}. @public */
export interface TrainingRecordActionOptions {
  /** The module's client of the disaster-recovery backend. */
  api: DisasterRecoveryApiClient;
  /** Clock, for tests. */
  now?: () => Date;
}

/** A stored completion, as `POST /training-records` returns it. */
interface StoredTrainingRecord {
  id: string;
  person: string;
  course: string;
  completed: string;
  expires?: string;
  evidence?: string;
}

/** A course of the policy, as `GET /training-courses` returns it. */
interface PolicyCourse {
  id: string;
  title: string;
  validityMs?: number;
}

/** One required course of a person, as `GET /training-status/...` returns it. */
interface CourseState {
  course: string;
  state: 'done' | 'due' | 'expired' | 'missing';
  completed?: string;
  expiresAt?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Local "today" may be up to 14 hours ahead of UTC (as the backend allows). */
const LOCAL_DAY_AHEAD_MS = 14 * 60 * 60 * 1000;

function checkDate(completed: string, now: Date) {
  const start = Date.parse(`${completed}T00:00:00Z`);
  if (
    !DATE.test(completed) ||
    Number.isNaN(start) ||
    new Date(start).toISOString().slice(0, 10) !== completed
  ) {
    throw new InputError(
      `completed must be a real calendar date (YYYY-MM-DD), got '${completed}'`,
    );
  }
  if (start > now.getTime() + LOCAL_DAY_AHEAD_MS) {
    throw new InputError(
      `completed must not be in the future, got ${completed} (today is ${now
        .toISOString()
        .slice(0, 10)} UTC)`,
    );
  }
}

function checkEvidence(evidence: string | undefined): string | undefined {
  const text = evidence?.trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`evidence must be an http(s) URL, got '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`evidence must be an http(s) URL, got '${text}'`);
  }
  return text;
}

function userRef(person: string) {
  let ref;
  try {
    ref = parseEntityRef(person, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(`person must be a User entity ref: ${error}`);
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(
      `person must refer to a User, got ${ref.kind}:${ref.namespace}/${ref.name}`,
    );
  }
  return ref;
}

/**
 * Scaffolder action that records a completed DR training course in the disaster-recovery
 * backend's store (on behalf of the user running the template, who needs the
 * `disaster-recovery.training.record` permission). The catalog's training provider then emits it
 * as a TrainingRecord entity, so no git round-trip is needed.
 *
 * @public
 */
export function createTrainingRecordAction(
  options: TrainingRecordActionOptions,
) {
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: TRAINING_RECORD_ACTION_ID,
    description:
      'Records a completed DR training course (onboarding, quarterly DR procedures, annual simulation, cross-functional drill) for a person in the disaster-recovery backend; the expiry follows from the course validity in the DR policy. Dry run checks the person and course and says what it would record.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        person: z =>
          z
            .string()
            .optional()
            .describe(
              'User entity ref of who completed the course (`user:default/jane.doe` or `jane.doe`); the user running the template when absent',
            ),
        course: z =>
          z
            .string()
            .min(1)
            .describe(
              'Course id from the DR policy, e.g. `onboarding` or `quarterly-dr-procedures`',
            ),
        completed: z =>
          z
            .string()
            .regex(DATE, 'must be a date YYYY-MM-DD')
            .describe('Completion date (YYYY-MM-DD), not in the future'),
        evidence: z =>
          z
            .string()
            .optional()
            .describe(
              'Link (http or https) to the evidence: certificate, drill report',
            ),
      },
      output: {
        recordId: z =>
          z
            .string()
            .optional()
            .describe('Id of the stored record (absent in a dry run)'),
        person: z => z.string().describe('User entity ref the record is for'),
        course: z => z.string().describe('Course id'),
        completed: z => z.string().describe('Completion date (YYYY-MM-DD)'),
        expires: z =>
          z
            .string()
            .optional()
            .describe(
              'Date the completion stops counting (YYYY-MM-DD); absent when the course never expires',
            ),
        created: z =>
          z
            .boolean()
            .describe(
              'False when the same completion was already recorded (or in a dry run)',
            ),
      },
    },
    async handler(ctx) {
      const person = ctx.input.person?.trim() || ctx.user?.ref;
      if (!person) {
        throw new InputError(
          'person is required: the task has no initiating user to default to',
        );
      }
      const ref = userRef(person);
      checkDate(ctx.input.completed, now());
      const evidence = checkEvidence(ctx.input.evidence);
      const credentials = await ctx.getInitiatorCredentials();
      const api = options.api;

      if (ctx.isDryRun) {
        const { items } = await api.request<{ items: PolicyCourse[] }>(
          'GET',
          '/training-courses',
          { credentials },
        );
        const course = items.find(c => c.id === ctx.input.course);
        if (!course) {
          throw new InputError(
            `course must be a course of the DR policy (${items
              .map(c => c.id)
              .join(', ')}), got '${ctx.input.course}'`,
          );
        }
        // Also proves that the person exists in the catalog (404 otherwise).
        const status = await api.request<{
          person: string;
          courses: CourseState[];
        }>(
          'GET',
          `/training-status/${encodeURIComponent(
            ref.namespace,
          )}/${encodeURIComponent(ref.name)}`,
          { credentials },
        );
        const expires =
          course.validityMs !== undefined
            ? new Date(
                Date.parse(`${ctx.input.completed}T00:00:00Z`) +
                  course.validityMs,
              )
                .toISOString()
                .slice(0, 10)
            : undefined;
        const current = status.courses.find(c => c.course === course.id);
        ctx.logger.info(
          `Dry run: would record '${course.title}' (${course.id}) completed ${
            ctx.input.completed
          } for ${status.person}, ${
            expires ? `valid until ${expires}` : 'never expiring'
          }${evidence ? `, evidence ${evidence}` : ''}`,
        );
        ctx.logger.info(
          current
            ? `${status.person} now: ${course.id} ${current.state}${
                current.completed ? ` (completed ${current.completed})` : ''
              }`
            : `${course.id} is not required of ${status.person} by the policy; it is recorded all the same`,
        );
        ctx.output('person', status.person);
        ctx.output('course', course.id);
        ctx.output('completed', ctx.input.completed);
        if (expires) ctx.output('expires', expires);
        ctx.output('created', false);
        return;
      }

      const eachSuffix = ctx.each ? `:${JSON.stringify(ctx.each)}` : '';
      const stepKey = `${
        ctx.step?.id ?? TRAINING_RECORD_ACTION_ID
      }${eachSuffix}`;
      const result = await ctx.checkpoint({
        key: `disaster-recovery.training.record.${stepKey}`,
        fn: async () => {
          // Safe to repeat if the checkpoint is lost: the backend keeps one record per
          // person, course and day, and answers a repeat with that record.
          const response = await api.request<{
            record: StoredTrainingRecord;
            created: boolean;
          }>(
            'POST',
            '/training-records',
            { credentials },
            {
              person: `${ref.kind}:${ref.namespace}/${ref.name}`,
              course: ctx.input.course,
              completed: ctx.input.completed,
              ...(evidence ? { evidence } : {}),
            },
          );
          return {
            id: response.record.id,
            person: response.record.person,
            course: response.record.course,
            completed: response.record.completed,
            ...(response.record.expires
              ? { expires: response.record.expires }
              : {}),
            created: response.created,
          };
        },
      });

      ctx.logger.info(
        `${result.created ? 'Recorded' : 'Already recorded'}: ${
          result.course
        } completed ${result.completed} by ${result.person} (record ${
          result.id
        }), ${
          result.expires ? `valid until ${result.expires}` : 'never expires'
        }`,
      );
      ctx.output('recordId', result.id);
      ctx.output('person', result.person);
      ctx.output('course', result.course);
      ctx.output('completed', result.completed);
      if (result.expires) ctx.output('expires', result.expires);
      ctx.output('created', result.created);
    },
  });
}
