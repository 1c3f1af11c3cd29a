import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { defaultPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import request from 'supertest';
import { initializePersistenceContext } from '../database/persistenceContext';
import { createTrainingRouter } from './createTrainingRouter';
import { user } from './__testUtils__/trainingFixtures';

jest.setTimeout(120_000);

/** The training routes mounted the way the plugin mounts them, behind the real HTTP auth. */
const trainingOnlyPlugin = createBackendPlugin({
  pluginId: 'disaster-recovery',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        database: coreServices.database,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { training } = await initializePersistenceContext(deps.database);
        deps.httpRouter.use(
          await createTrainingRouter({
            ...deps,
            store: training,
            policy: defaultPolicy,
          }),
        );
      },
    });
  },
});

describe('training routes in a backend', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('need a signed-in user to record and accept a service token to list', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        trainingOnlyPlugin,
        mockServices.database.factory({ knex }),
        // No credentials means no user (the test default would sign in a mock user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [user('new.hire')] }),
      ],
    });
    const body = {
      person: 'new.hire',
      course: 'onboarding',
      completed: '2025-01-10',
    };

    const anonymous = await request(server)
      .post('/api/disaster-recovery/training-records')
      .send(body);
    expect(anonymous.status).toBe(401);

    const created = await request(server)
      .post('/api/disaster-recovery/training-records')
      .set('Authorization', mockCredentials.user.header('user:default/coach'))
      .send(body);
    expect(created.status).toBe(201);
    expect(created.body.record.recordedBy).toBe('user:default/coach');

    // The catalog's training provider reads with its own service token.
    const listed = await request(server)
      .get('/api/disaster-recovery/training-records')
      .set(
        'Authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'disaster-recovery',
        }),
      );
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([created.body.record]);
    await knex.destroy();
  });
});
