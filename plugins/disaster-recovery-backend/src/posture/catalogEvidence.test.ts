import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { CatalogEvidence } from './catalogEvidence';
import { PostureSubject } from './tenants';

const runbook: Entity = {
  apiVersion: 'dr.platform.io/v1alpha1',
  kind: 'Runbook',
  metadata: { name: 'database-corruption' },
  spec: {
    owner: 'devops-leads',
    scenarios: ['database-corruption'],
    // Shorthand refs as people write them in YAML.
    appliesTo: ['system:ecommerce-platform', 'resource:ecommerce-primary'],
    lastReviewed: '2026-11-10',
    reviewInterval: 'P1M',
    steps: [{ title: 'Restore', expectedDuration: '1h', role: 'devops-lead' }],
  },
};

const vendor: Entity = {
  apiVersion: 'dr.platform.io/v1alpha1',
  kind: 'Vendor',
  metadata: { name: 'aws' },
  spec: {
    category: 'cloud',
    owner: 'devops-leads',
    contacts: [],
    sla: { response: '15m', resolution: '4h', availability: 99.99 },
    dependencyOf: ['system:ecommerce-platform'],
  },
};

function subject(overrides: Partial<PostureSubject> = {}): PostureSubject {
  return {
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 't1' },
    },
    entityRef: 'resource:default/t1',
    title: 'Tenant 1',
    dependsOn: ['resource:default/ecommerce-primary'],
    system: 'system:default/ecommerce-platform',
    ...overrides,
  } as PostureSubject;
}

describe('CatalogEvidence', () => {
  it('matches runbooks and vendors written with shorthand refs to the full refs of a tenant', async () => {
    const evidence = await CatalogEvidence.load({
      catalog: catalogServiceMock({ entities: [runbook, vendor] }),
      credentials: mockCredentials.service(),
      policy: defaultPolicy,
      now: new Date('2026-11-25T12:00:00Z'),
    });

    const found = evidence.forSubject(subject());
    expect(found.runbooks?.map(r => r.ref)).toEqual([
      'runbook:default/database-corruption',
    ]);
    expect(found.vendors?.map(v => v.ref)).toEqual(['vendor:default/aws']);

    const unrelated = evidence.forSubject(
      subject({ dependsOn: [], system: 'system:default/other' }),
    );
    expect(unrelated.runbooks).toEqual([]);
    expect(unrelated.vendors).toEqual([]);
  });
});
