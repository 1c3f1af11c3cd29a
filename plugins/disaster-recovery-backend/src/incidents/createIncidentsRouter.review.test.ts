import express from 'express';
import request from 'supertest';
import { PersistenceContext } from '../database/persistenceContext';
import { RecordedAuditEvent } from '../training/__testUtils__/trainingFixtures';
import {
  createIncidentsTestApp,
  DECLARATION,
  NOW,
} from './__testUtils__/incidentsTestApp';

jest.setTimeout(60_000);

describe('incident routes: post-incident review', () => {
  let app: express.Express;
  let stores: PersistenceContext;
  let events: RecordedAuditEvent[];
  let denied: Set<string>;

  beforeEach(async () => {
    ({ app, stores, events, denied } = await createIncidentsTestApp());
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
});
