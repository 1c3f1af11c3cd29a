import express from 'express';
import request from 'supertest';
import { createIncidentsTestApp } from './__testUtils__/incidentsTestApp';

jest.setTimeout(60_000);

describe('incident routes: desk settings and severity suggestion', () => {
  let app: express.Express;

  beforeEach(async () => {
    ({ app } = await createIncidentsTestApp());
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
