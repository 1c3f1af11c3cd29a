import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import catalogModuleDisasterRecovery from './index';

jest.setTimeout(120_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples/catalog/all.yaml');

const MALFORMED = `
apiVersion: dr.platform.io/v1alpha1
kind: Runbook
metadata:
  name: broken-runbook
spec:
  owner: devops-leads
  scenarios: [database-corruption]
  appliesTo: [system:ecommerce-platform]
  lastReviewed: '2026-11-01'
  steps:
    - title: Promote
      command: pg_ctl promote -D /var/lib/postgresql/data
      expectedDuration: 5m
      role: devops-lead
---
apiVersion: dr.platform.io/v1alpha1
kind: TrainingRecord
metadata:
  name: unknown-course
spec:
  person: john.smith
  course: fire-drill
  completed: '2026-11-01'
  expires: '2027-11-01'
`;

describe.each([
  ['with the catalog model layer', true],
  ['with the processor only', false],
])('catalog module in a running catalog, %s', (_name, catalogModel) => {
  let dir: string;
  const errors: Array<{ ref: string; messages: string[] }> = [];

  const errorCollector = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-error-collector',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.setOnProcessingErrorHandler(event => {
            errors.push({
              ref: stringifyEntityRef(event.unprocessedEntity),
              messages: event.errors.map(
                e => `${e.message} ${(e as any).cause?.message ?? ''}`,
              ),
            });
          });
        },
      });
    },
  });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dr-catalog-'));
    writeFileSync(path.join(dir, 'malformed.yaml'), MALFORMED);
    writeFileSync(
      path.join(dir, 'tenants.yaml'),
      `tenants:
  - { id: t-1, slug: acme, name: Acme Inc, tier: critical, data_classes: [customer-pii, transactions], owner_group: team-checkout, region: us-east-1 }
  - { id: t-2, slug: globex, name: Globex, tier: standard, dataClasses: 'product-catalog', ownerGroup: team-catalog, region: us-east-1 }
`,
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests the examples with relations both ways, the tenants, and rejects malformed entities naming the field', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleDisasterRecovery,
        errorCollector,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              disasterRecovery: { catalogModel },
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'User',
                    'Group',
                    'Runbook',
                    'Vendor',
                    'TrainingRecord',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: EXAMPLES },
                { type: 'file', target: path.join(dir, 'malformed.yaml') },
              ],
              providers: {
                disasterRecoveryTenants: {
                  registry: {
                    file: path.join(dir, 'tenants.yaml'),
                    schedule: {
                      frequency: { minutes: 10 },
                      timeout: { minutes: 1 },
                    },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      const get = async (ref: string): Promise<Entity | undefined> => {
        const [kind, rest] = ref.split(':');
        const [namespace, name] = rest.split('/');
        const res = await request(backend.server).get(
          `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
        );
        return res.status === 200 ? res.body : undefined;
      };
      const relations = (e: Entity | undefined) =>
        (e?.relations ?? []).map(r => `${r.type} ${r.targetRef}`);
      const waitFor = async (ref: string, relation?: string) => {
        for (let i = 0; i < 240; i++) {
          const e = await get(ref);
          if (e && (!relation || relations(e).includes(relation))) return e;
          await new Promise(r => setTimeout(r, 250));
        }
        throw new Error(
          `${ref} did not appear${relation ? ` with ${relation}` : ''}`,
        );
      };

      const runbook = await waitFor(
        'runbook:default/database-corruption',
        'appliesTo system:default/ecommerce-platform',
      );
      expect(relations(runbook)).toEqual(
        expect.arrayContaining([
          'ownedBy group:default/devops-leads',
          'appliesTo system:default/ecommerce-platform',
          'appliesTo resource:default/ecommerce-primary',
        ]),
      );
      const system = await waitFor(
        'system:default/ecommerce-platform',
        'hasRunbook runbook:default/database-corruption',
      );
      expect(relations(system)).toEqual(
        expect.arrayContaining([
          'dependsOn vendor:default/stripe',
          'hasRunbook runbook:default/third-party-failure',
        ]),
      );
      const paypal = await waitFor(
        'vendor:default/paypal',
        'alternativeOf vendor:default/stripe',
      );
      expect(relations(paypal)).toContain(
        'ownedBy group:default/business-leads',
      );
      const stripe = await waitFor(
        'vendor:default/stripe',
        'dependencyOf system:default/ecommerce-platform',
      );
      expect(relations(stripe)).toContain(
        'alternativeOf vendor:default/paypal',
      );
      const john = await waitFor(
        'user:default/john.smith',
        'hasTraining trainingrecord:default/john.smith-onboarding-2024-03',
      );
      expect(relations(john)).toContain(
        'memberOf group:default/incident-commanders',
      );
      const record = await waitFor(
        'trainingrecord:default/john.smith-onboarding-2024-03',
      );
      expect(relations(record)).toContain('trainingOf user:default/john.smith');
      const devops = await waitFor(
        'group:default/devops-leads',
        'ownerOf runbook:default/database-corruption',
      );
      expect(relations(devops)).toContain('ownerOf vendor:default/aws');

      // Tenants from the file registry, as Resources of type tenant owned by their team.
      const acme = await waitFor(
        'resource:default/acme',
        'ownedBy group:default/team-checkout',
      );
      expect(acme.spec).toMatchObject({
        type: 'tenant',
        system: 'system:default/ecommerce-platform',
      });
      expect(relations(acme)).toEqual(
        expect.arrayContaining([
          'partOf system:default/ecommerce-platform',
          'dependsOn resource:default/ecommerce-primary',
        ]),
      );
      expect(acme.metadata.annotations?.['dr.platform.io/data-classes']).toBe(
        'customer-pii,transactions',
      );
      await waitFor('resource:default/globex');

      // The malformed entities never reach the catalog; their errors say which field is wrong.
      for (let i = 0; i < 80 && errors.length < 2; i++) {
        await new Promise(r => setTimeout(r, 250));
      }
      expect(await get('runbook:default/broken-runbook')).toBeUndefined();
      expect(
        await get('trainingrecord:default/unknown-course'),
      ).toBeUndefined();
      // Every example entity was accepted: only the two malformed ones failed.
      expect([...new Set(errors.map(e => e.ref))].sort()).toEqual([
        'runbook:default/broken-runbook',
        'trainingrecord:default/unknown-course',
      ]);
      const messages = (ref: string) =>
        errors
          .filter(e => e.ref === ref)
          .flatMap(e => e.messages)
          .join('\n');
      expect(messages('runbook:default/broken-runbook')).toContain(
        '/spec/steps/0/command must be array',
      );
      expect(messages('trainingrecord:default/unknown-course')).toContain(
        '/spec/course must be a course id of the policy (onboarding, quarterly-dr-procedures, annual-simulation, cross-functional-drill) - value: "fire-drill"',
      );
    } finally {
      await backend.stop();
    }
  });
});
