import express from 'express';
import request from 'supertest';
import { RecordedAuditEvent } from '../training/__testUtils__/trainingFixtures';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  createIncidentsTestApp,
  DECLARATION,
} from './__testUtils__/incidentsTestApp';

jest.setTimeout(60_000);

describe('incident routes: communications', () => {
  let app: express.Express;
  let events: RecordedAuditEvent[];
  let sent: NotificationSendOptions[];

  beforeEach(async () => {
    ({ app, events, sent } = await createIncidentsTestApp());
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
});
