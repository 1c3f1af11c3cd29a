import { Entity } from '@backstage/catalog-model';
import {
  defaultPolicy,
  evaluate,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { createStores } from '../database/__testUtils__/testStores';
import { NewIncident } from '../database/IncidentStore';
import { loadWindowIncidents } from './incidentEvidence';
import { buildTenantEvidence } from './subjectEvidence';
import { describeSubject } from './tenants';

jest.setTimeout(60_000);

const NOW = new Date('2026-03-31T12:00:00Z');
const MIN = 60_000;
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * MIN);

const tenant = (name: string, spec: object = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default' },
  spec: { type: 'tenant', owner: 'group:default/team-a', ...spec },
});

const incident = (
  affected: Partial<NewIncident['affected']>,
  more: Partial<NewIncident> = {},
): NewIncident => ({
  severity: 'SEV-0',
  title: 'Outage',
  impact: 'Checkout down',
  affected: { tenants: [], systems: [], databases: [], ...affected },
  startedAt: minutesAgo(60),
  declaredAt: minutesAgo(55),
  declaredBy: 'user:default/jane',
  roles: {},
  drill: false,
  ...more,
});

describe('availability evidence from the incident store', () => {
  it('scopes the incidents of the window to each tenant, through its database and system', async () => {
    const { stores } = await createStores('SQLITE_3');
    const store = stores.incidents;
    const direct = await store.declare(
      incident({ tenants: ['resource:default/acme'] }),
    );
    await store.resolve(direct.id, {
      rootCause: 'r',
      actor: 'user:default/jane',
      at: minutesAgo(40),
    });
    const viaDatabase = await store.declare(
      incident(
        { databases: ['resource:default/orders-db'] },
        { severity: 'SEV-1', startedAt: minutesAgo(30) },
      ),
    );
    await store.declare(
      incident(
        { tenants: ['resource:default/acme'] },
        { drill: true, startedAt: minutesAgo(20) },
      ),
    );

    const incidents = await loadWindowIncidents(store, defaultPolicy, NOW);
    const availabilityOf = (entity: Entity) => {
      const subject = describeSubject(entity, new Map());
      const result = evaluate(
        defaultPolicy,
        buildTenantEvidence(subject, {}, undefined, incidents),
        NOW,
      );
      return result.checks.find(c => c.id === 'availability')!;
    };

    // acme: 20 minutes of SEV-0, then 30 minutes (still open) of SEV-1 on its database at half
    const acme = availabilityOf(
      tenant('acme', { dependsOn: ['resource:default/orders-db'] }),
    );
    expect(acme.evidence.map(e => e.id)).toEqual([direct.id, viaDatabase.id]);
    expect(acme.measured).toMatch(
      /^99\.919 %; 8m 12s of 43m 12s error budget left \(19 %\); burn rate 24\.31x over 1d$/,
    );
    expect(acme.status).toBe('warn');
    // the open SEV-1 spends the 8m 12s left at half speed: 16m 24s from now
    expect(acme.breachAt).toBe(
      new Date(NOW.getTime() + 16 * MIN + 24_000).toISOString(),
    );

    const globex = availabilityOf(tenant('globex'));
    expect(globex).toMatchObject({ status: 'pass', evidence: [] });
    expect(globex.measured).toMatch(/^100 %; 43m 12s of 43m 12s/);
  });
});
