import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DR_ANNOTATIONS,
  DisasterRecoveryClient,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
// A test only: the actions run against the real backend plugin, not a stand-in.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import disasterRecoveryPlugin from '@dr-portal/backstage-plugin-disaster-recovery-backend';
import { AddressInfo } from 'node:net';
import {
  actionContext,
  APP_BASE_URL,
  INITIATOR,
} from '../__testUtils__/actionContext';
import { createBackupCreateAction } from './backupCreate';
import { createDatabaseRestoreAction } from './databaseRestore';
import { createFailoverFailoverAction } from './failoverPromotion';

jest.setTimeout(120_000);

const DB = 'resource:default/ecommerce-db';

// The real disaster-recovery backend (SQLite store, collectors off): the actions call its
// `POST /operations`, which checks the incident a run names before anything starts.
describe('recovery actions naming an incident, against the real backend', () => {
  let backend: TestBackend;
  let api: DisasterRecoveryClient;
  const auth = mockServices.auth();
  const token = () => mockCredentials.user.token(INITIATOR);

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
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: {
                name: 'ecommerce-db',
                namespace: 'default',
                annotations: { [DR_ANNOTATIONS.target]: 'ecommerce' },
              },
              spec: { type: 'database', owner: 'group:default/dba' },
            },
          ],
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    api = new DisasterRecoveryClient({
      discoveryApi: {
        getBaseUrl: async pluginId =>
          `http://localhost:${port}/api/${pluginId}`,
      },
    });
  });

  afterAll(() => backend?.stop());

  const options = () => ({ api, auth, appBaseUrl: APP_BASE_URL });

  // Each case runs its action on the database, naming `incidentId`, and returns its outputs.
  const cases: Array<
    [string, (incidentId: string) => Promise<Record<string, unknown>>]
  > = [
    [
      'restore',
      async incidentId => {
        const action = createDatabaseRestoreAction(options());
        const { ctx, outputs } = actionContext(action, {
          entityRef: DB,
          incidentId,
          source: 'dump',
          scope: 'database',
          cutOver: true,
        });
        await action.handler(ctx);
        return outputs;
      },
    ],
    [
      'failover',
      async incidentId => {
        const action = createFailoverFailoverAction(options());
        const { ctx, outputs } = actionContext(action, {
          entityRef: DB,
          incidentId,
          acceptRisks: ['old-primary-unreachable'],
        });
        await action.handler(ctx);
        return outputs;
      },
    ],
    [
      'backup',
      async incidentId => {
        const action = createBackupCreateAction(options());
        const { ctx, outputs } = actionContext(action, {
          entityRef: DB,
          incidentId,
        });
        await action.handler(ctx);
        return outputs;
      },
    ],
  ];

  it.each(cases)(
    '%s: an incident id of no incident fails the action with the backend message, nothing started',
    async (_name, run) => {
      await expect(run('INC-2026-999')).rejects.toThrow(
        'Invalid operation request: incidentId: no incident INC-2026-999',
      );
      const runs = await api.getRecoveryRuns({}, { token: token() });
      expect(runs.totalItems).toBe(0);
    },
  );

  it('the same action goes past the incident check once the incident exists', async () => {
    const incident = await api.declareIncident(
      {
        severity: 'SEV-1',
        title: 'Orders database down',
        impact: 'Checkout fails',
        affected: { databases: [DB] },
      },
      { token: token() },
    );
    const action = createBackupCreateAction(options());
    const { ctx } = actionContext(action, {
      entityRef: DB,
      incidentId: incident.id,
    });
    // The demo target is not configured here: the run is refused one step later, at the target.
    const failure = action.handler(ctx);
    await expect(failure).rejects.toThrow(/ecommerce/);
    await expect(failure).rejects.not.toThrow(/incidentId/);
  });
});
