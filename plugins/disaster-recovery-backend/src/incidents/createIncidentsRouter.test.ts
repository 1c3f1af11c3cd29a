import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PermissionEvaluator,
} from '@backstage/plugin-permission-common';
import {
  defaultPolicy,
  disasterRecoveryIncidentDeclarePermission,
  disasterRecoveryIncidentResolvePermission,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import express from 'express';
import request from 'supertest';
import { createStores } from '../database/__testUtils__/testStores';
import { PersistenceContext } from '../database/persistenceContext';
import {
  recordingAuditor,
  RecordedAuditEvent,
} from '../training/__testUtils__/trainingFixtures';
import { ConfigReader } from '@backstage/config';
import { readIncidentTemplates } from './communicationTemplates';
import { createIncidentsRouter } from './createIncidentsRouter';
import { IncidentService } from './IncidentService';

jest.setTimeout(60_000);

const NOW = new Date('2026-01-22T10:35:00Z');

const DECLARATION = {
  severity: 'SEV-0',
  title: 'Platform-wide outage',
  impact: 'Platform unavailable, all tenants affected',
  impactLevel: 'critical',
  affected: { tenants: ['acme', 'resource:default/globex'] },
  startedAt: '2026-01-22T10:30:00Z',
  roles: { 'incident-commander': 'john.smith' },
};

describe('incident routes', () => {
  let app: express.Express;
  let stores: PersistenceContext;
  let events: RecordedAuditEvent[];
  /** Permission names (and `name@ref`) that are denied; everything else is allowed. */
  let denied: Set<string>;
  let conditional: boolean;
  let sent: NotificationSendOptions[];

  beforeEach(async () => {
    ({ stores } = await createStores('SQLITE_3'));
    const recorder = recordingAuditor();
    events = recorder.events;
    denied = new Set();
    conditional = false;
    const decide = (name: string, ref?: string) =>
      denied.has(name) || (ref && denied.has(`${name}@${ref}`))
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    const permissions: PermissionEvaluator = {
      authorize: async requests =>
        requests.map(r => ({
          result: decide(
            r.permission.name,
            (r as { resourceRef?: string }).resourceRef,
          ),
        })) as never,
      authorizeConditional: async requests =>
        requests.map(r =>
          conditional
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'disaster-recovery',
                resourceType: 'catalog-entity',
                conditions: { rule: 'IS_ENTITY_OWNER', params: {} },
              }
            : { result: decide(r.permission.name) },
        ) as never,
    };
    sent = [];
    const incidents = new IncidentService({
      store: stores.incidents,
      runs: stores.runs,
      notifications: {
        send: async (options: NotificationSendOptions) => {
          sent.push(options);
        },
      },
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'acme',
              namespace: 'default',
              annotations: { 'dr.platform.io/tier': 'critical' },
            },
            spec: { type: 'tenant', owner: 'team-acme' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: { name: 'globex', namespace: 'default' },
            spec: { type: 'tenant', owner: 'user:default/hank' },
          },
        ],
      }),
      escalation: {
        timeScale: 1,
        drillTimeScale: 60,
        updateIntervalMs: 15 * 60_000,
        responseGroups: {
          'incident-commander': 'group:default/incident-command',
        },
      },
      permissions: mockServices.permissions.mock(permissions),
      auditor: recorder.auditor,
      policy: defaultPolicy,
      templates: readIncidentTemplates(
        new ConfigReader({
          disasterRecovery: {
            incidents: { templates: { status: '{{id}} owned by {{owner}}' } },
          },
        }),
      ),
      now: () => NOW,
    });
    app = express()
      .use(
        createIncidentsRouter({
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.user('user:default/john.smith'),
          }),
          incidents,
        }),
      )
      .use(mockErrorHandler());
  });

  it('renders the communication templates as Markdown and refuses blanks and unknown fields', async () => {
    const { id } = (await request(app).post('/incidents').send(DECLARATION))
      .body;
    const initial = await request(app).get(
      `/incidents/${id}/communications/initial`,
    );
    expect(initial.status).toBe(200);
    expect(initial.headers['content-type']).toMatch(/^text\/markdown/);
    expect(initial.text).toContain(
      [
        '**Incident ID**: INC-2026-001',
        '**Severity**: SEV-0 - Critical',
        '**Start Time**: 2026-01-22 10:30 UTC',
        '**Impact**: Platform unavailable, all tenants affected',
        '**Affected Tenants**: 2 tenants: acme, globex',
        '**Status**: Investigating',
      ].join('\n'),
    );
    const early = await request(app).get(
      `/incidents/${id}/communications/resolution`,
    );
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain(
      '{{resolutionTime}}, {{rootCause}} have no value',
    );
    const unknownField = await request(app).get(
      `/incidents/${id}/communications/status`,
    );
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toMatch(
      /^Template status names unknown field \{\{owner\}\}/,
    );
    const unknown = await request(app).get(
      `/incidents/${id}/communications/press`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'No communication template press; templates: initial, resolution, status',
    );
  });

  it('declares, lists, updates and resolves an incident, auditing every change', async () => {
    const declared = await request(app).post('/incidents').send(DECLARATION);
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({
      id: 'INC-2026-001',
      status: 'investigating',
      affected: {
        tenants: ['resource:default/acme', 'resource:default/globex'],
        systems: [],
        databases: [],
      },
      startedAt: '2026-01-22T10:30:00.000Z',
      declaredAt: NOW.toISOString(),
      declaredBy: 'user:default/john.smith',
      roles: { 'incident-commander': 'user:default/john.smith' },
    });
    const id = declared.body.id;

    const update = await request(app)
      .post(`/incidents/${id}/updates`)
      .send({ status: 'identified', message: 'Pool exhausted' });
    expect(update.status).toBe(200);
    expect(update.body.status).toBe('identified');
    const role = await request(app)
      .post(`/incidents/${id}/roles`)
      .send({ role: 'communications-lead', assignee: 'group:default/comms' });
    expect(role.body.roles['communications-lead']).toBe('group:default/comms');
    const ack = await request(app).post(`/incidents/${id}/acknowledge`);
    expect(ack.status).toBe(200);
    const resolved = await request(app)
      .post(`/incidents/${id}/resolve`)
      .send({ rootCause: 'Database connection pool exhaustion' });
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      rootCause: 'Database connection pool exhaustion',
    });

    const list = await request(app).get('/incidents?state=closed');
    expect(list.body).toMatchObject({
      totalItems: 1,
      items: [{ id }],
      offset: 0,
      limit: 50,
    });
    const forAcme = await request(app).get(
      '/incidents?entityRef=acme&state=open',
    );
    expect(forAcme.body.totalItems).toBe(0);
    const detail = await request(app).get(`/incidents/${id}`);
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'declared',
      'role',
      'status',
      'role',
      'acknowledged',
      'resolved',
    ]);
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['incident-declare', 'success'],
      ['incident-update', 'success'],
      ['incident-role', 'success'],
      ['incident-acknowledge', 'success'],
      ['incident-resolve', 'success'],
    ]);
    expect(events[4].meta).toMatchObject({ id, status: 'resolved' });
  });

  it('denies a user without the declare permission on an affected entity, and audits it', async () => {
    denied.add(
      `${disasterRecoveryIncidentDeclarePermission.name}@resource:default/globex`,
    );
    const res = await request(app).post('/incidents').send(DECLARATION);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /Not allowed to declare an incident for resource:default\/globex \(disaster-recovery.incident.declare\)/,
    );
    expect((await stores.incidents.listIncidents({})).totalItems).toBe(0);
    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'incident-declare',
        outcome: 'fail',
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      }),
    ]);
  });

  it('needs an unconditional allow to declare an incident naming no entity', async () => {
    conditional = true;
    const { affected, ...platformWide } = DECLARATION;
    const res = await request(app).post('/incidents').send(platformWide);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/names no affected entity/);
    conditional = false;
    const allowed = await request(app).post('/incidents').send(platformWide);
    expect(allowed.status).toBe(201);
    expect(events.map(e => e.outcome)).toEqual(['fail', 'success']);
  });

  it('checks resolving separately from updating', async () => {
    const { body } = await request(app).post('/incidents').send(DECLARATION);
    denied.add(disasterRecoveryIncidentResolvePermission.name);
    const update = await request(app)
      .post(`/incidents/${body.id}/updates`)
      .send({ status: 'monitoring', message: 'Workaround deployed' });
    expect(update.status).toBe(200);
    const resolve = await request(app)
      .post(`/incidents/${body.id}/resolve`)
      .send({ rootCause: 'x' });
    expect(resolve.status).toBe(403);
    expect((await stores.incidents.getIncident(body.id))!.status).toBe(
      'monitoring',
    );
    expect(events.at(-1)).toMatchObject({
      eventId: 'incident-resolve',
      outcome: 'fail',
      meta: { id: body.id },
    });
  });

  it.each([
    [
      { ...DECLARATION, severity: 'SEV-9' },
      /severity must be one of SEV-0, SEV-1, SEV-2, SEV-3, got 'SEV-9'/,
    ],
    [
      { ...DECLARATION, startedAt: '2026-01-22T11:00:00Z' },
      /startedAt must not be in the future/,
    ],
    [
      { ...DECLARATION, startedAt: 'yesterday' },
      /startedAt: must be an ISO 8601 timestamp/,
    ],
    [
      { ...DECLARATION, affected: { tenants: ['../x:y/z'] } },
      /affected.tenants\[0\]/,
    ],
    [
      { ...DECLARATION, roles: { 'incident-commander': 'system:default/x' } },
      /roles.incident-commander: must name a User or Group/,
    ],
    [{ title: 'x' }, /severity: .*; impact: /],
  ])('refuses a bad declaration %#, storing nothing', async (body, message) => {
    const res = await request(app).post('/incidents').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect((await stores.incidents.listIncidents({})).totalItems).toBe(0);
    expect(events).toEqual([
      expect.objectContaining({ eventId: 'incident-declare', outcome: 'fail' }),
    ]);
  });

  it('answers 404 for an unknown incident and 409 for a change after resolution', async () => {
    expect((await request(app).get('/incidents/INC-2026-404')).status).toBe(
      404,
    );
    const { body } = await request(app).post('/incidents').send(DECLARATION);
    await request(app)
      .post(`/incidents/${body.id}/resolve`)
      .send({ rootCause: 'r' })
      .expect(200);
    const late = await request(app)
      .post(`/incidents/${body.id}/updates`)
      .send({ status: 'monitoring', message: 'late' });
    expect(late.status).toBe(409);
  });

  it('opens the review on resolution with the linked runs and action items, downloadable as Markdown', async () => {
    const { id } = (await request(app).post('/incidents').send(DECLARATION))
      .body;
    const early = await request(app).get(`/incidents/${id}/review`);
    expect(early.status).toBe(404);
    expect(early.body.error.message).toMatch(/opens when it is resolved/);
    const earlyItem = await request(app)
      .post(`/incidents/${id}/review/action-items`)
      .send({ text: 'Too early' });
    expect(earlyItem.status).toBe(409);

    const run = (runId: string, incidentId?: string) => ({
      id: runId,
      operation: 'failover',
      entityRef: 'resource:default/ecommerce-db',
      target: 'ecommerce',
      initiatedBy: 'user:default/john.smith',
      purpose: 'recovery' as const,
      status: 'succeeded' as const,
      dryRun: false,
      startedAt: '2026-01-22T10:33:00.000Z',
      finishedAt: '2026-01-22T10:34:00.000Z',
      steps: [],
      achievedRtoSeconds: 240,
      dataLossSeconds: 3.5,
      ...(incidentId ? { incidentId } : {}),
    });
    await stores.runs.saveRecoveryRun(run('run-linked', id));
    await stores.runs.saveRecoveryRun(run('run-other'));

    await request(app)
      .post(`/incidents/${id}/resolve`)
      .send({ rootCause: 'Disk full' })
      .expect(200);
    const item = await request(app)
      .post(`/incidents/${id}/review/action-items`)
      .send({ text: 'Alert on disk usage', owner: 'group:default/dba' });
    expect(item.status).toBe(201);
    expect(item.body).toMatchObject({
      text: 'Alert on disk usage',
      owner: 'group:default/dba',
      addedBy: 'user:default/john.smith',
    });
    const bad = await request(app)
      .post(`/incidents/${id}/review/action-items`)
      .send({ text: '' });
    expect(bad.status).toBe(400);

    const review = await request(app).get(`/incidents/${id}/review`);
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({
      incident: { id, status: 'resolved', rootCause: 'Disk full' },
      openedAt: NOW.toISOString(),
      openedBy: 'user:default/john.smith',
      runs: [
        { id: 'run-linked', achievedRtoSeconds: 240, dataLossSeconds: 3.5 },
      ],
      actionItems: [{ text: 'Alert on disk usage' }],
    });
    expect(review.body.runs).toHaveLength(1);
    expect(review.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'declared',
      'role',
      'resolved',
    ]);

    const md = await request(app).get(`/incidents/${id}/review/markdown`);
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.headers['content-disposition']).toContain(
      `post-incident-review-${id}.md`,
    );
    expect(md.text).toContain(`# Post-incident review: ${id}`);
    expect(md.text).toContain('| Duration | 5 minutes |');
    expect(md.text).toContain('| `run-linked` | failover |');
    expect(md.text).toContain('4m | 3.5 s |');
    expect(md.text).toContain(
      '- [ ] Alert on disk usage (owner: group:default/dba)',
    );
    expect(events.slice(-3).map(e => [e.eventId, e.outcome])).toEqual([
      ['incident-resolve', 'success'],
      ['incident-action-item', 'success'],
      ['incident-action-item', 'fail'],
    ]);
  });

  it('denies adding an action item without the update permission, and audits it', async () => {
    const { id } = (await request(app).post('/incidents').send(DECLARATION))
      .body;
    await request(app)
      .post(`/incidents/${id}/resolve`)
      .send({ rootCause: 'Disk full' })
      .expect(200);
    denied.add('disaster-recovery.incident.update');
    const res = await request(app)
      .post(`/incidents/${id}/review/action-items`)
      .send({ text: 'Alert on disk usage' });
    expect(res.status).toBe(403);
    expect(events.at(-1)).toMatchObject({
      eventId: 'incident-action-item',
      outcome: 'fail',
    });
  });

  it('sends a rendered communication to the response groups, role holders and tenant owners, and records it', async () => {
    const { id } = (await request(app).post('/incidents').send(DECLARATION))
      .body;
    const res = await request(app).post(
      `/incidents/${id}/communications/initial/send`,
    );
    expect(res.status).toBe(200);
    expect(res.body.recipients).toEqual([
      'group:default/incident-command',
      'group:default/team-acme',
      'user:default/hank',
      'user:default/john.smith',
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: res.body.recipients,
    });
    expect(sent[0].payload.description).toBe(res.body.markdown);
    expect(res.body.markdown).toContain(`**Incident ID**: ${id}`);
    const { body } = await request(app).get(`/incidents/${id}`);
    expect(body.timeline.at(-1)).toMatchObject({
      type: 'communicated',
      message: expect.stringContaining('Sent the initial communication'),
    });
    expect(events.at(-1)).toMatchObject({
      eventId: 'incident-communicate',
      outcome: 'success',
    });

    // a template that cannot render (no root cause yet) sends nothing
    const blank = await request(app).post(
      `/incidents/${id}/communications/resolution/send`,
    );
    expect(blank.status).toBe(400);
    expect(sent).toHaveLength(1);
  });

  it('never notifies tenant owners of a drill', async () => {
    const { id } = (
      await request(app)
        .post('/incidents')
        .send({ ...DECLARATION, drill: true })
    ).body;
    const res = await request(app).post(
      `/incidents/${id}/communications/initial/send`,
    );
    expect(res.status).toBe(200);
    expect(res.body.recipients).toEqual([
      'group:default/incident-command',
      'user:default/john.smith',
    ]);
  });

  it('shows the next escalation step of open incidents', async () => {
    const { id } = (await request(app).post('/incidents').send(DECLARATION))
      .body;
    // declared 5 minutes after the start (NOW is 10:35, the start 10:30): the 15-minute step is next
    const { body } = await request(app).get(`/incidents/${id}`);
    expect(body.incident.escalation).toEqual({
      timeScale: 1,
      nextStep: expect.objectContaining({
        step: 1,
        dueAt: '2026-01-22T10:45:00.000Z',
      }),
      nextUpdateDueAt: '2026-01-22T10:50:00.000Z',
    });
    const list = await request(app).get('/incidents?state=open');
    expect(list.body.items[0].escalation.nextStep.step).toBe(1);
  });

  it("suggests a severity from the impact level and the tenants' tiers, and lists the settings", async () => {
    const plain = await request(app).get(
      '/incidents/severity-suggestion?impactLevel=high&tenants=globex',
    );
    expect(plain.status).toBe(200);
    expect(plain.body.severity).toBe('SEV-1');
    // acme is in the critical tier (RTO 1h, stricter than standard's 4h): one level up
    const stricter = await request(app).get(
      '/incidents/severity-suggestion?impactLevel=high&tenants=globex&tenants=acme',
    );
    expect(stricter.body.severity).toBe('SEV-0');
    expect(stricter.body.reasons[1]).toMatch(/tier critical/);
    const bad = await request(app).get(
      '/incidents/severity-suggestion?impactLevel=huge',
    );
    expect(bad.status).toBe(400);
    const settings = await request(app).get('/incidents/settings');
    expect(settings.body).toMatchObject({
      templates: ['initial', 'resolution', 'status'],
      timeScale: 1,
      drillTimeScale: 60,
    });
    expect(
      settings.body.severityLevels.map((l: { id: string }) => l.id),
    ).toEqual(['SEV-0', 'SEV-1', 'SEV-2', 'SEV-3']);
  });
});
