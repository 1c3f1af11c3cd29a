import {
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import express from 'express';
import { Knex } from 'knex';
import { initializePersistenceContext } from '../../database/persistenceContext';
import { createTrainingRouter } from '../createTrainingRouter';
import {
  recordingAuditor,
  RecordedAuditEvent,
  responseRoleGroup,
  trainingRecordEntity,
  user,
} from './trainingFixtures';

/** The clock of the training route tests. */
export const NOW = new Date('2026-12-01T12:00:00Z');

/** The catalog of the training route tests: a role group, two users and their records. */
export const catalogEntities = [
  responseRoleGroup('incident-commanders', 'incident-commander'),
  user('john.smith', ['incident-commanders']),
  user('new.hire'),
  // From YAML, naming the person in shorthand: annual simulation expiring within 30 days -> due.
  trainingRecordEntity({
    name: 'john.smith-annual-simulation-2025-12',
    person: 'john.smith',
    course: 'annual-simulation',
    completed: '2025-12-20',
    expires: '2026-12-20',
  }),
  // Found through its trainingOf relation: a drill that expired in June -> expired.
  trainingRecordEntity({
    name: 'john.smith-cross-functional-drill-2025-06',
    person: 'user:default/john.smith',
    course: 'cross-functional-drill',
    completed: '2025-06-01',
    expires: '2026-06-01',
    relations: [{ type: 'trainingOf', targetRef: 'user:default/john.smith' }],
  }),
  // Someone else's record does not count for John.
  trainingRecordEntity({
    name: 'new.hire-quarterly-2026-11',
    person: 'new.hire',
    course: 'quarterly-dr-procedures',
    completed: '2026-11-01',
    expires: '2027-01-31',
  }),
];

/** The training routes over a fresh database, rebuilt before each test. */
export interface TrainingRoutes {
  readonly app: express.Express;
  readonly events: RecordedAuditEvent[];
  readonly authorize: jest.Mock;
  /** Rebuilds the routes with every permission decided as given. */
  build(decision?: AuthorizeResult.ALLOW | AuthorizeResult.DENY): Promise<void>;
  /** How many training records the database holds. */
  stored(): Promise<number>;
}

/**
 * Registers the hooks of a training routes suite on one database engine: the routes over the
 * real training store, every permission allowed and no record before each test.
 */
export function setUpTrainingRoutes(
  databaseId: Parameters<ReturnType<typeof TestDatabases.create>['init']>[0],
): TrainingRoutes {
  const databases = TestDatabases.create({ ids: [databaseId] });
  let knex: Knex;
  const state = {} as {
    app: express.Express;
    events: RecordedAuditEvent[];
    authorize: jest.Mock;
  };

  const routes: TrainingRoutes = {
    get app() {
      return state.app;
    },
    get events() {
      return state.events;
    },
    get authorize() {
      return state.authorize;
    },
    async build(decision = AuthorizeResult.ALLOW) {
      const recorded = recordingAuditor();
      state.events = recorded.events;
      state.authorize = jest.fn(async (requests: unknown[]) =>
        requests.map(() => ({ result: decision })),
      );
      const { training } = await initializePersistenceContext(
        mockServices.database({ knex }),
      );
      const router = await createTrainingRouter({
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions.mock({
          authorize: state.authorize,
        }),
        auditor: recorded.auditor,
        store: training,
        policy: defaultPolicy,
        catalog: catalogServiceMock({ entities: catalogEntities }),
        now: () => NOW,
      });
      state.app = express().use(router).use(mockErrorHandler());
    },
    async stored() {
      return Number((await knex('dr_training_records').count({ c: '*' }))[0].c);
    },
  };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
  });

  beforeEach(async () => {
    await routes.build();
    await knex('dr_training_records').delete();
  });

  afterAll(async () => {
    await knex?.destroy();
  });

  return routes;
}
