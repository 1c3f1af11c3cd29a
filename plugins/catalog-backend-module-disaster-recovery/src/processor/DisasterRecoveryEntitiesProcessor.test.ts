import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import {
  DR_API_VERSION,
  DR_SCENARIO_IDS,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DisasterRecoveryEntitiesProcessor } from './DisasterRecoveryEntitiesProcessor';

const location = { type: 'url', target: 'https://example.com/catalog.yaml' };

async function relationsOf(entity: Entity) {
  const processor = new DisasterRecoveryEntitiesProcessor();
  const results: CatalogProcessorResult[] = [];
  await processor.postProcessEntity(entity, location, r => results.push(r));
  return results.map(r => {
    if (r.type !== 'relation') throw new Error(`unexpected ${r.type}`);
    const { source, type, target } = r.relation;
    return `${stringifyEntityRef(source)} ${type} ${stringifyEntityRef(
      target,
    )}`;
  });
}

describe('DisasterRecoveryEntitiesProcessor', () => {
  const processor = new DisasterRecoveryEntitiesProcessor({
    scenarioIds: DR_SCENARIO_IDS,
  });

  const runbook: Entity = {
    apiVersion: DR_API_VERSION,
    kind: 'Runbook',
    metadata: { name: 'database-corruption', namespace: 'default' },
    spec: {
      owner: 'devops-leads',
      scenarios: ['database-corruption'],
      steps: [{ title: 'Fence', expectedDuration: '5m', role: 'devops-lead' }],
      appliesTo: ['system:ecommerce-platform', 'resource:ecommerce-primary'],
      lastReviewed: '2026-11-18',
    },
  };

  it('accepts its own kinds and leaves other kinds to other processors', async () => {
    await expect(processor.validateEntityKind(runbook)).resolves.toBe(true);
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: {},
      }),
    ).resolves.toBe(false);
  });

  it('rejects a malformed Runbook with an error naming the field', async () => {
    const broken = JSON.parse(JSON.stringify(runbook));
    broken.spec.steps[0].command = 'pg_ctl promote';
    await expect(processor.validateEntityKind(broken)).rejects.toThrow(
      '/spec/steps/0/command must be array',
    );
    broken.spec.steps[0].command = ['pg_ctl', 'promote'];
    broken.spec.scenarios = ['meteor-strike'];
    await expect(processor.validateEntityKind(broken)).rejects.toThrow(
      /^\/spec\/scenarios\/0 must be a scenario id of the policy/,
    );
  });

  it('emits Runbook relations both ways', async () => {
    expect(await relationsOf(runbook)).toEqual([
      'runbook:default/database-corruption ownedBy group:default/devops-leads',
      'group:default/devops-leads ownerOf runbook:default/database-corruption',
      'runbook:default/database-corruption appliesTo system:default/ecommerce-platform',
      'system:default/ecommerce-platform hasRunbook runbook:default/database-corruption',
      'runbook:default/database-corruption appliesTo resource:default/ecommerce-primary',
      'resource:default/ecommerce-primary hasRunbook runbook:default/database-corruption',
    ]);
  });

  it('emits Vendor relations both ways: owner, dependents, alternatives', async () => {
    const vendor: Entity = {
      apiVersion: DR_API_VERSION,
      kind: 'Vendor',
      metadata: { name: 'stripe', namespace: 'shop' },
      spec: {
        category: 'payment',
        owner: 'user:default/mike.johnson',
        contacts: [{ role: 'support', name: 'Stripe' }],
        sla: { response: '1h', resolution: '4h' },
        alternatives: ['paypal'],
        dependencyOf: ['system:ecommerce-platform'],
      },
    };
    expect(await relationsOf(vendor)).toEqual([
      'vendor:shop/stripe ownedBy user:default/mike.johnson',
      'user:default/mike.johnson ownerOf vendor:shop/stripe',
      'vendor:shop/stripe dependencyOf system:shop/ecommerce-platform',
      'system:shop/ecommerce-platform dependsOn vendor:shop/stripe',
      'vendor:shop/stripe alternativeOf vendor:shop/paypal',
      'vendor:shop/paypal alternativeOf vendor:shop/stripe',
    ]);
  });

  it('emits TrainingRecord relations both ways', async () => {
    const record: Entity = {
      apiVersion: DR_API_VERSION,
      kind: 'TrainingRecord',
      metadata: { name: 'john-onboarding' },
      spec: {
        person: 'john.smith',
        course: 'onboarding',
        completed: '2026-01-01',
        expires: '2099-12-31',
        owner: 'dr-response-team',
      },
    };
    expect(await relationsOf(record)).toEqual([
      'trainingrecord:default/john-onboarding trainingOf user:default/john.smith',
      'user:default/john.smith hasTraining trainingrecord:default/john-onboarding',
      'trainingrecord:default/john-onboarding ownedBy group:default/dr-response-team',
      'group:default/dr-response-team ownerOf trainingrecord:default/john-onboarding',
    ]);
  });
});
