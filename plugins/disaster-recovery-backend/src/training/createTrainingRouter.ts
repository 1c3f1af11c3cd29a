import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  checkTrainingCompletion,
  disasterRecoveryTrainingRecordPermission,
  DrPolicy,
  parseUserRef,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import express from 'express';
import Router from 'express-promise-router';
import { TRAINING_PAGE } from '../database/DatabaseTrainingStore';
import { TrainingStore } from '../database/TrainingStore';
import { findUser, personTrainingStatus, userRefOf } from './personTraining';
import {
  createTrainingRecordBody,
  listTrainingRecordsQuery,
} from './requestSchemas';
import { parseInput } from '../router/schemas';
import {
  TrainingCourseListResponse,
  TrainingRecordCreateResponse,
  TrainingRecordListResponse,
  TrainingStatusResponse,
} from './types';
import { principalRef } from '../auth/principalRef';

/** Options of {@link createTrainingRouter}. @public */
export interface TrainingRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The DR policy (`readPolicy(config)`): its courses and their validity. */
  policy: DrPolicy;
  catalog: CatalogService;
  /** Where completions recorded in the portal are kept. */
  store: TrainingStore;
  /** Clock (tests). */
  now?: () => Date;
}

/**
 * Routes of DR training in the portal: record a completion (`POST /training-records`, permission
 * `disaster-recovery.training.record`, audit event `training-record`), list completions
 * (`GET /training-records`, paged), a person's required courses and their states
 * (`GET /training-status/:namespace/:name`) and the policy's courses (`GET /training-courses`).
 *
 * @public
 */
export async function createTrainingRouter(
  options: TrainingRouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, policy, catalog, store } = options;
  const now = options.now ?? (() => new Date());
  const courses = new Map(policy.training.courses.map(c => [c.id, c]));

  const router = Router();
  router.use(express.json());

  router.post('/training-records', async (req, res) => {
    const auditorEvent = await auditor.createEvent({
      eventId: 'training-record',
      severityLevel: 'medium',
      request: req,
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const [decision] = await permissions.authorize(
        [{ permission: disasterRecoveryTrainingRecordPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to record DR training (${disasterRecoveryTrainingRecordPermission.name})`,
        );
      }

      const body = parseInput(
        createTrainingRecordBody,
        req.body,
        'training record',
      );
      const course = courses.get(body.course);
      if (!course) {
        throw new InputError(
          `course must be a course of the DR policy (${[...courses.keys()].join(
            ', ',
          )}), got '${body.course}'`,
        );
      }
      const { expires, evidence } = checkTrainingCompletion(body, {
        now: now(),
        course,
      });
      const user = await findUser(catalog, body.person, credentials);
      const person = userRefOf(user);

      const wanted = {
        person,
        course: course.id,
        completed: body.completed,
        expires,
        evidence,
      };
      const { record, created } = await store.addRecord({
        ...wanted,
        recordedBy: principalRef(credentials),
      });
      if (
        !created &&
        ((wanted.evidence !== undefined &&
          wanted.evidence !== record.evidence) ||
          (body.expires !== undefined && wanted.expires !== record.expires))
      ) {
        throw new ConflictError(
          `${person} already has a record of ${course.id} completed ${
            body.completed
          } (${record.id}) with different ${
            wanted.evidence !== record.evidence ? 'evidence' : 'expiry'
          }`,
        );
      }

      await auditorEvent.success({
        meta: {
          id: record.id,
          person,
          course: course.id,
          completed: record.completed,
          ...(record.expires ? { expires: record.expires } : {}),
          created,
        },
      });
      const response: TrainingRecordCreateResponse = { record, created };
      res.status(created ? 201 : 200).json(response);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/training-records', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parseInput(
      listTrainingRecordsQuery,
      req.query,
      'training record query',
    );
    const offset = query.offset ?? 0;
    const limit = query.limit ?? TRAINING_PAGE.defaultLimit;
    const page = await store.listRecords({
      person: query.person ? parseUserRef(query.person, 'person') : undefined,
      course: query.course,
      offset,
      limit,
      order: query.order,
    });
    const response: TrainingRecordListResponse = { ...page, offset, limit };
    res.json(response);
  });

  router.get('/training-status/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const user = await findUser(
      catalog,
      { kind: 'user', namespace: req.params.namespace, name: req.params.name },
      credentials,
      'route parameters',
    );
    const response: TrainingStatusResponse = await personTrainingStatus({
      catalog,
      store,
      policy,
      user,
      credentials,
      now: now(),
    });
    res.json(response);
  });

  router.get('/training-courses', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const response: TrainingCourseListResponse = {
      items: policy.training.courses.map(c => ({
        id: c.id,
        title: c.title,
        ...(c.validity
          ? { validity: c.validity.iso, validityMs: c.validity.ms }
          : {}),
        requiredFor: {
          everyone: c.requiredFor.everyone,
          roles: [...c.requiredFor.roles],
          groups: [...c.requiredFor.groups],
        },
      })),
    };
    res.json(response);
  });

  return router;
}
