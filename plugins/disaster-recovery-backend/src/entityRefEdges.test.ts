import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { disasterRecoveryPlugin } from './plugin';
import { notificationsMock } from './__testUtils__/notificationsMock';

jest.setTimeout(60_000);

/** Refs from the outside that name no entity (issue 9 §6). */
const INVALID_REFS = ['../../etc/passwd', "x'--", '%00', '\u0000', ':', ':x'];
/** The same as route parameters: each one replaces one of kind, namespace, name. */
const INVALID_PARAMS: Array<[string, string, string]> = [
  ['resource', 'default', '../../etc/passwd'],
  ['resource', '..', 'x'],
  ["x'--", 'default', 'x'],
  ['resource', 'default', '%00'],
  ['resource', 'default', '\u0000'],
  ['resource', 'default', ':'],
  [' ', 'default', 'x'],
];

const API = '/api/disaster-recovery';
const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

describe('an invalid entity ref anywhere in a request is a 400 naming the parameter', () => {
  const actions = actionsRegistryServiceMock();
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        disasterRecoveryPlugin,
        mockServices.rootConfig.factory({
          data: {
            disasterRecovery: {
              collectors: {
                s3Index: { enabled: false },
                pgbackrest: { enabled: false },
                replication: { enabled: false },
                posture: { enabled: false },
              },
            },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
        notificationsMock().factory,
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actions,
        }),
      ],
    });
  });

  afterAll(() => backend.stop());

  function expectInputError(
    res: request.Response,
    parameter: string,
    label: string,
  ) {
    expect({ label, status: res.status }).toEqual({ label, status: 400 });
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(new RegExp(`^Invalid ${parameter}`));
    expect(res.body.error.stack).toBeUndefined();
  }

  it.each(INVALID_PARAMS)(
    'route parameters %j / %j / %j',
    async (kind, namespace, name) => {
      const entity = path(kind, namespace, name);
      for (const route of [
        `/entities/${entity}/posture`,
        `/entities/${entity}/backups`,
        `/entities/${entity}/history`,
        `/entities/${entity}/restored-copies`,
      ]) {
        const res = await request(backend.server).get(`${API}${route}`);
        expectInputError(res, 'route parameters', route);
      }
      const status = await request(backend.server).get(
        `${API}/training-status/${path(namespace, name)}`,
      );
      if (kind === 'resource') {
        expectInputError(status, 'route parameters', 'training-status');
      }
    },
  );

  it.each(INVALID_REFS)('query and body %j', async ref => {
    const server = backend.server;
    expectInputError(
      await request(server).get(`${API}/runs`).query({ entityRef: ref }),
      'entityRef',
      'runs',
    );
    expectInputError(
      await request(server).get(`${API}/fleet`).query({ owner: ref }),
      'owner',
      'fleet',
    );
    expectInputError(
      await request(server)
        .get(`${API}/training-records`)
        .query({ person: ref }),
      'person',
      'training-records query',
    );
    expectInputError(
      await request(server)
        .post(`${API}/operations`)
        .send({ operation: 'backup', entityRef: ref, dryRun: true }),
      'entityRef',
      'operations',
    );
    expectInputError(
      await request(server)
        .post(`${API}/training-records`)
        .send({ person: ref, course: 'onboarding', completed: '2025-01-10' }),
      'person',
      'training-records body',
    );
  });

  it.each(INVALID_REFS)('action input %j', async ref => {
    const { actions: registered } = await actions.list();
    const names = [
      'get-entity-posture',
      'list-backups',
      'backup-create',
      'backup-verify',
      'database-restore',
      'restored-copy-discard',
    ];
    for (const name of names) {
      const action = registered.find(a => a.name === name);
      expect(action).toBeDefined();
      const input: Record<string, unknown> = { entityRef: ref };
      if (!name.includes('get-') && !name.startsWith('list-')) {
        input.dryRun = true;
      }
      if (name === 'restored-copy-discard') input.name = 'db_restore_1';
      await expect(
        actions.invoke({ id: action!.id, input: input as any }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/^Invalid entityRef: /),
      });
    }
  });
});
