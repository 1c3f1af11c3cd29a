import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { renderExampleInput } from '../__testUtils__/renderExample';
import { createIncidentDeclareAction } from './incidentDeclare';
import { examples } from './incidentDeclare.examples';

import { BASE_URL as BASE } from '../__testUtils__/fakeBackend';

/** What a template's form would give the `${{ parameters.* }}` of the examples. */
const PARAMETERS: Record<string, string> = {
  title: 'Checkout down',
  impact: 'No orders for EU tenants',
  tenant: 'resource:default/acme',
  startedAt: '2026-12-03T10:30:00Z',
};

describe('disaster-recovery:incident:declare', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const action = createIncidentDeclareAction(actionOptions());
  let posts: Array<{ path: string; body: any }>;

  beforeEach(() => {
    posts = [];
    server.use(
      http.get(`${BASE}/incidents/severity-suggestion`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        return HttpResponse.json({
          severity: q.get('impactLevel') === 'critical' ? 'SEV-0' : 'SEV-1',
          reasons: [`impact ${q.get('impactLevel')}`],
        });
      }),
      http.post(`${BASE}/incidents`, async ({ request }) => {
        const body = (await request.json()) as any;
        posts.push({ path: '/incidents', body });
        return HttpResponse.json(
          { id: `INC-2026-00${posts.length}`, severity: body.severity },
          { status: 201 },
        );
      }),
      http.post(
        `${BASE}/incidents/:id/communications/:template/send`,
        ({ params }) => {
          posts.push({
            path: `/incidents/${params.id}/communications/${params.template}/send`,
            body: null,
          });
          return HttpResponse.json({
            markdown: '',
            recipients: ['group:default/incident-command'],
          });
        },
      ),
    );
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'example "%s" runs through the handler and declares what it shows',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      const input = renderExampleInput(step.input, PARAMETERS) as any;
      const { ctx, outputs } = actionContext(action, input);
      await action.handler(ctx);
      expect(posts[0]).toEqual({
        path: '/incidents',
        body: expect.objectContaining({
          title: input.title,
          impact: input.impact,
          impactLevel: input.impactLevel,
          severity: input.severity ?? 'SEV-1',
          drill: false,
        }),
      });
      expect(outputs.incidentId).toBe('INC-2026-001');
      expect(posts.length).toBe(input.sendInitialCommunication ? 2 : 1);
      expect(outputs.recipients).toEqual(
        input.sendInitialCommunication
          ? ['group:default/incident-command']
          : undefined,
      );
    },
  );

  it('declares once when the task is retried, and only plans in a dry run', async () => {
    const input = {
      title: 'Down',
      impact: 'All',
      impactLevel: 'high' as const,
      sendInitialCommunication: true,
    };
    const first = actionContext(action, input);
    await action.handler(first.ctx);
    const retry = actionContext(action, input, {
      checkpoints: first.checkpoints,
    });
    await action.handler(retry.ctx);
    expect(posts.map(p => p.path)).toEqual([
      '/incidents',
      '/incidents/INC-2026-001/communications/initial/send',
    ]);

    const dry = actionContext(action, input, { isDryRun: true });
    await action.handler(dry.ctx);
    expect(posts).toHaveLength(2);
    expect(dry.outputs).toEqual({ severity: 'SEV-1' });
    expect(dry.logs.join('\n')).toMatch(
      /Dry run: would declare SEV-1 "Down".*send the initial communication/,
    );
  });
});
