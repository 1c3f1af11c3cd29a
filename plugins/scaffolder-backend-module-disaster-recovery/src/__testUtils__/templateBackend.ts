import {
  BackendFeature,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { appConfigFactory } from './actionContext';
import yaml from 'yaml';
import { scaffolderModuleDisasterRecovery } from '../module';

/** A request the fake disaster-recovery backend received, and from whom. */
export type ReceivedRequest = { body: any; principal: string };

/** The demo catalog's template folder. */
export const TEMPLATES_DIR = path.resolve(
  __dirname,
  '../../../../examples/templates',
);

/** A YAML file of the template folder, parsed. */
export function loadYaml(file: string): any {
  return yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'));
}

/**
 * A stand-in for the disaster-recovery backend's `POST /operations`, mounted in the same test
 * backend, that answers dry runs with a plan and records what it received and from whom.
 */
export function fakeDisasterRecoveryPlugin(
  received: Array<{ body: any; principal: string }>,
) {
  const runs = new Map<string, RecoveryRun>();
  return createBackendPlugin({
    pluginId: 'disaster-recovery',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.use(express.json());
          router.post('/operations', async (req, res) => {
            const credentials = await httpAuth.credentials(req);
            const principal = credentials.principal as any;
            received.push({
              body: req.body,
              principal:
                principal.userEntityRef ?? principal.subject ?? principal.type,
            });
            const run: RecoveryRun = {
              id: req.body.dryRun ? 'planned-1' : 'run-1',
              operation: req.body.operation,
              entityRef: req.body.entityRef,
              target: 'demo',
              initiatedBy: principal.userEntityRef,
              status: req.body.dryRun ? 'planned' : 'running',
              dryRun: !!req.body.dryRun,
              startedAt: new Date().toISOString(),
              steps: [
                {
                  id: 'locate',
                  title: 'Locate the backup',
                  status: 'pending',
                  detail: 's3://dr-backups/demo/x.dump',
                },
              ],
              output: { wouldNotTouch: ['the live database ecommerce'] },
            };
            runs.set(run.id, run);
            res.status(req.body.dryRun ? 200 : 202).json({ run });
          });
          router.get('/incidents/severity-suggestion', async (req, res) => {
            const credentials = await httpAuth.credentials(req);
            const principal = credentials.principal as any;
            received.push({
              body: req.query,
              principal: principal.userEntityRef ?? principal.subject,
            });
            res.json({
              severity:
                req.query.impactLevel === 'critical' ? 'SEV-0' : 'SEV-1',
              reasons: [`impact ${req.query.impactLevel}`],
            });
          });
          router.get('/runs/:id', async (req, res) => {
            const run = runs.get(req.params.id)!;
            if (!run.dryRun) {
              run.status = 'succeeded';
              run.finishedAt = new Date(
                Date.parse(run.startedAt) + 4000,
              ).toISOString();
              run.steps = [
                {
                  id: 'locate',
                  title: 'Locate the backup',
                  status: 'succeeded',
                  startedAt: run.startedAt,
                  finishedAt: run.finishedAt,
                  detail: 'demo/x.dump',
                },
              ];
              run.output =
                run.operation === 'restore-pitr'
                  ? { newDatabase: 'ecommerce', port: 40339, cutOver: false }
                  : {
                      key: 'demo/ecommerce/x.dump',
                      sha256: 'c'.repeat(64),
                      takenAt: '2026-01-01T00:00:00.000Z',
                      mode: 'full',
                      newDatabase: 'ecommerce_restore_20260101000000',
                      cutOver: false,
                    };
            }
            res.json(run);
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

/**
 * The real scaffolder backend with this module, a fake disaster-recovery backend (by default
 * {@link fakeDisasterRecoveryPlugin} recording into `received`) and `entities`.
 */
export function startTemplateBackend(
  received: ReceivedRequest[],
  entities: Entity[],
  disasterRecovery: BackendFeature = fakeDisasterRecoveryPlugin(received),
): Promise<TestBackend> {
  return startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleDisasterRecovery,
      disasterRecovery,
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({ result: 'ALLOW' as any }),
      appConfigFactory(),
    ],
  });
}

/** Dry-runs a template of the folder as alice. */
export function dryRunTemplate(
  backend: TestBackend,
  file: string,
  values: Record<string, unknown>,
) {
  return request(backend.server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header('user:default/alice'))
    .send({ template: loadYaml(file), values, directoryContents: [] });
}

/**
 * Runs a template of the catalog as a real task as alice, waits until it ends, and returns its
 * status, log and output.
 */
export async function runTemplateTask(
  backend: TestBackend,
  template: string,
  values: Record<string, unknown>,
) {
  const auth = mockCredentials.user.header('user:default/alice');
  const created = await request(backend.server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', auth)
    .send({ templateRef: `template:default/${template}`, values });
  expect(created.status).toBe(201);
  let task: any;
  for (let i = 0; i < 300; i++) {
    task = (
      await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', auth)
    ).body;
    if (task.status === 'completed' || task.status === 'failed') break;
    await new Promise(r => setTimeout(r, 100));
  }
  const events = (
    await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', auth)
  ).body as Array<{ type: string; body: any }>;
  return {
    id: created.body.id as string,
    status: task.status as string,
    log: events
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n'),
    output: events.find(e => e.type === 'completion')?.body.output,
  };
}
