import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkTrainingCompletion,
  TRAINING_DATE_PATTERN,
  trainingExpiryByValidity,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DisasterRecoveryActionOptions, onBehalfOf, stepKey } from './helpers';
import { examples } from './trainingRecord.examples';

/** Id of the record-training action. @public */
export const TRAINING_RECORD_ACTION_ID = 'disaster-recovery:training:record';

/** Options of {@link createTrainingRecordAction}. @public */
export interface TrainingRecordActionOptions
  extends Pick<DisasterRecoveryActionOptions, 'api' | 'auth'> {
  /** Clock, for tests. */
  now?: () => Date;
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
            .regex(TRAINING_DATE_PATTERN, 'must be a date YYYY-MM-DD')
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
      // The backend checks the same again, with the course; checked here first so that a bad
      // input fails before any call, in a dry run too.
      const completion = checkTrainingCompletion(
        {
          person,
          course: ctx.input.course,
          completed: ctx.input.completed,
          evidence: ctx.input.evidence,
        },
        { now: now() },
      );
      const { evidence } = completion;
      const api = options.api;

      if (ctx.isDryRun) {
        const requestOptions = await onBehalfOf(ctx, options.auth);
        const { items } = await api.getTrainingCourses(requestOptions);
        const course = items.find(c => c.id === ctx.input.course);
        if (!course) {
          throw new InputError(
            `course must be a course of the DR policy (${items
              .map(c => c.id)
              .join(', ')}), got '${ctx.input.course}'`,
          );
        }
        // Also proves that the person exists in the catalog (404 otherwise).
        const status = await api.getTrainingStatus(
          parseEntityRef(completion.person),
          requestOptions,
        );
        const expires = trainingExpiryByValidity(
          ctx.input.completed,
          course.validityMs,
        );
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

      const result = await ctx.checkpoint({
        key: `disaster-recovery.training.record.${stepKey(
          ctx,
          TRAINING_RECORD_ACTION_ID,
        )}`,
        fn: async () => {
          // Safe to repeat if the checkpoint is lost: the backend keeps one record per
          // person, course and day, and answers a repeat with that record.
          const response = await api.recordTraining(
            completion,
            await onBehalfOf(ctx, options.auth),
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
