import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { TestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import express from 'express';
import {
  dryRunTemplate,
  loadYaml,
  runTemplateTask,
  startTemplateBackend,
} from '../__testUtils__/templateBackend';

jest.setTimeout(120_000);

const TEMPLATE_FILE = 'record-training.yaml';
const template = loadYaml(TEMPLATE_FILE);

type Received = { method: string; path: string; body: any; principal: string };

/** The training routes of the disaster-recovery backend, recording who called them. */
function fakeTrainingBackend(received: Received[]) {
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
          router.use(async (req, _res, next) => {
            const credentials = await httpAuth.credentials(req);
            const principal = credentials.principal as any;
            received.push({
              method: req.method,
              path: req.path,
              body: req.body,
              principal: principal.userEntityRef ?? principal.subject,
            });
            next();
          });
          router.get('/training-courses', (_req, res) => {
            res.json({
              items: [
                { id: 'onboarding', title: 'New employee DR onboarding' },
                {
                  id: 'quarterly-dr-procedures',
                  title: 'Quarterly DR procedures training',
                  validityMs: 91.3125 * 24 * 3600 * 1000,
                },
              ],
            });
          });
          router.get('/training-status/:namespace/:name', (req, res) => {
            res.json({
              person: `user:${req.params.namespace}/${req.params.name}`,
              courses: [],
            });
          });
          router.post('/training-records', (req, res) => {
            res.status(201).json({
              created: true,
              record: {
                id: '7',
                ...req.body,
                ...(req.body.course === 'quarterly-dr-procedures'
                  ? { expires: '2026-01-19' }
                  : {}),
                recordedBy: 'user:default/alice',
                recordedAt: new Date().toISOString(),
              },
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

const entities: Entity[] = [
  {
    ...template,
    metadata: { ...template.metadata, namespace: 'default' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: {},
  },
];

describe('the record-training template through the real scaffolder', () => {
  const received: Received[] = [];
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTemplateBackend(
      [],
      entities,
      fakeTrainingBackend(received),
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('in a dry run records nothing, for the user running it when no person is picked', async () => {
    const res = await dryRunTemplate(backend, TEMPLATE_FILE, {
      course: 'onboarding',
      completed: '2025-10-20',
    });
    if (res.status !== 200) {
      throw new Error(
        `dry run answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
    expect(received.map(r => [r.method, r.path, r.principal])).toEqual([
      ['GET', '/training-courses', 'user:default/alice'],
      ['GET', '/training-status/default/alice', 'user:default/alice'],
    ]);
    const log = (res.body.log as Array<{ body: { message: string } }>)
      .map(l => l.body.message)
      .join('\n');
    expect(log).toContain(
      "Dry run: would record 'New employee DR onboarding' (onboarding) completed 2025-10-20 for user:default/alice, never expiring",
    );
  });

  it('records the picked person as a real task and shows the expiry', async () => {
    const task = await runTemplateTask(backend, 'record-dr-training', {
      person: 'user:default/new.hire',
      course: 'quarterly-dr-procedures',
      completed: '2025-10-20',
      evidence: 'https://lms.example.com/certificates/42',
    });
    expect(task.status).toBe('completed');
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/training-records',
        principal: 'user:default/alice',
        body: {
          person: 'user:default/new.hire',
          course: 'quarterly-dr-procedures',
          completed: '2025-10-20',
          evidence: 'https://lms.example.com/certificates/42',
        },
      },
    ]);
    const output = task.output;
    expect(output.links[0].entityRef).toBe('user:default/new.hire');
    expect(output.text[0].content).toContain('Valid until: 2026-01-19');
    expect(output.text[0].content).toContain('Record: `7`');
  });
});
