import express from 'express';
import request from 'supertest';
import {
  disasterRecoveryIncidentDeclarePermission,
  disasterRecoveryIncidentResolvePermission,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { PersistenceContext } from '../database/persistenceContext';
import { RecordedAuditEvent } from '../training/__testUtils__/trainingFixtures';
import {
  createIncidentsTestApp,
  DECLARATION,
  NOW,
  IncidentsTestApp,
} from './__testUtils__/incidentsTestApp';

jest.setTimeout(60_000);

describe('incident routes: declare, update, roles, acknowledge, resolve', () => {
  let app: express.Express;
  let stores: PersistenceContext;
  let events: RecordedAuditEvent[];
  let denied: Set<string>;
  let permissions: IncidentsTestApp['permissions'];

  beforeEach(async () => {
    ({ app, stores, events, denied, permissions } =
      await createIncidentsTestApp());
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
    permissions.conditional = true;
    const { affected, ...platformWide } = DECLARATION;
    const res = await request(app).post('/incidents').send(platformWide);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/names no affected entity/);
    permissions.conditional = false;
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
});
