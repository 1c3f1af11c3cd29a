import { JsonObject } from '@backstage/types';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { disasterRecoveryPlugin } from './plugin';
import { notificationsMock } from './__testUtils__/notificationsMock';

jest.setTimeout(60_000);

const collectorsOff = {
  s3Index: { enabled: false },
  pgbackrest: { enabled: false },
  replication: { enabled: false },
  posture: { enabled: false },
};

function features(disasterRecovery: JsonObject) {
  return [
    disasterRecoveryPlugin,
    mockServices.rootConfig.factory({ data: { disasterRecovery } }),
    catalogServiceMock.factory({ entities: [] }),
    notificationsMock().factory,
  ];
}

describe('disasterRecoveryPlugin', () => {
  it("refuses to start when the policy's cleanup would delete backups the retention keeps", async () => {
    await expect(
      startTestBackend({
        features: features({
          collectors: collectorsOff,
          policy: { retentionEnforcement: { minAge: '30d' } },
        }),
      }),
    ).rejects.toThrow(
      /retentionEnforcement\.minAge 30d is shorter than the retention of data classes? .*customer-pii \(7y\)/,
    );
  });

  it('starts with the shipped policy and serves the fleet, validating queries', async () => {
    const backend = await startTestBackend({
      features: features({ collectors: collectorsOff }),
    });
    const server = backend.server;
    try {
      const fleet = await request(server).get('/api/disaster-recovery/fleet');
      expect(fleet.status).toBe(200);
      expect(fleet.body).toEqual({
        items: [],
        totalItems: 0,
        counts: { pass: 0, warn: 0, fail: 0, unknown: 0 },
        tiers: [],
        owners: [],
      });

      const bad = await request(server).get(
        '/api/disaster-recovery/fleet?limit=0&status=broken',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.name).toBe('InputError');
      expect(bad.body.error.message).toMatch(/limit/);
      expect(bad.body.error.message).toMatch(/status/);

      const compliance = await request(server).get(
        '/api/disaster-recovery/compliance',
      );
      expect(compliance.status).toBe(200);
      expect(compliance.body.dataClasses.map((d: any) => d.id)).toContain(
        'customer-pii',
      );
    } finally {
      await backend.stop();
    }
  });
});
