import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { disasterRecoveryTrainingRecordPermission } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import request from 'supertest';
import { TRAINING_TEST_DATABASES } from './__testUtils__/trainingFixtures';
import { setUpTrainingRoutes } from './__testUtils__/trainingRoutes';

jest.setTimeout(120_000);

describe.each(TRAINING_TEST_DATABASES)(
  'training record routes on %s',
  databaseId => {
    const routes = setUpTrainingRoutes(databaseId);

    it('records a completion with the expiry from the course validity, audited', async () => {
      const res = await request(routes.app)
        .post('/training-records')
        .set('Authorization', mockCredentials.user.header('user:default/coach'))
        .send({
          person: 'John.Smith',
          course: 'quarterly-dr-procedures',
          completed: '2026-10-20',
          evidence: 'https://lms.example.com/certificates/42',
        });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        created: true,
        record: {
          id: expect.stringMatching(/^\d+$/),
          person: 'user:default/john.smith',
          course: 'quarterly-dr-procedures',
          completed: '2026-10-20',
          // 3 months (91.3 days) after 2026-10-20
          expires: '2027-01-19',
          evidence: 'https://lms.example.com/certificates/42',
          recordedBy: 'user:default/coach',
          recordedAt: expect.any(String),
        },
      });
      expect(await routes.stored()).toBe(1);
      expect(routes.authorize).toHaveBeenCalledWith(
        [{ permission: disasterRecoveryTrainingRecordPermission }],
        expect.anything(),
      );
      expect(routes.events).toEqual([
        expect.objectContaining({
          eventId: 'training-record',
          outcome: 'success',
          meta: expect.objectContaining({
            id: res.body.record.id,
            person: 'user:default/john.smith',
            course: 'quarterly-dr-procedures',
            expires: '2027-01-19',
            created: true,
          }),
        }),
      ]);

      // A course that never expires is stored without expiry.
      const onboarding = await request(routes.app)
        .post('/training-records')
        .send({
          person: 'user:default/new.hire',
          course: 'onboarding',
          completed: '2026-11-30',
        });
      expect(onboarding.status).toBe(201);
      expect(onboarding.body.record.expires).toBeUndefined();
      expect(onboarding.body.record.recordedBy).toBe('user:default/mock');
    });

    it('returns the existing record for the same completion, and refuses a contradicting one', async () => {
      const body = {
        person: 'john.smith',
        course: 'annual-simulation',
        completed: '2026-04-15',
        evidence: 'https://lms.example.com/a',
      };
      const first = await request(routes.app)
        .post('/training-records')
        .send(body);
      const again = await request(routes.app)
        .post('/training-records')
        .send(body);
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ created: false, record: first.body.record });

      const other = await request(routes.app)
        .post('/training-records')
        .send({ ...body, evidence: 'https://lms.example.com/b' });
      expect(other.status).toBe(409);
      expect(other.body.error.message).toMatch(/different evidence/);
      expect(await routes.stored()).toBe(1);
    });

    it.each([
      [{}, /person: .*; course: .*; completed: /],
      [
        {
          person: 'john.smith',
          course: 'quarterly-dr-procedures',
          completed: '2026-02-30',
        },
        /completed must be a real calendar date/,
      ],
      [
        {
          person: 'john.smith',
          course: 'quarterly-dr-procedures',
          completed: '01/02/2026',
        },
        /completed: must be a date YYYY-MM-DD/,
      ],
      [
        {
          person: 'john.smith',
          course: 'quarterly-dr-procedures',
          completed: '2026-12-03',
        },
        /completed must not be in the future, got 2026-12-03 \(today is 2026-12-01 UTC\)/,
      ],
      [
        { person: 'john.smith', course: 'fire-drill', completed: '2026-11-01' },
        /course must be a course of the DR policy \(onboarding, quarterly-dr-procedures, annual-simulation, cross-functional-drill\), got 'fire-drill'/,
      ],
      [
        {
          person: 'group:default/incident-commanders',
          course: 'onboarding',
          completed: '2026-11-01',
        },
        /person must refer to a User, got group:default\/incident-commanders/,
      ],
      [
        {
          person: 'john.smith',
          course: 'onboarding',
          completed: '2026-11-01',
          evidence: 'ftp://lms.example.com/certificates/42',
        },
        /evidence must be an http\(s\) URL, got 'ftp:\/\/lms.example.com/,
      ],
      [
        {
          person: 'john.smith',
          course: 'annual-simulation',
          completed: '2026-11-01',
          expires: '2026-10-01',
        },
        /expires \(2026-10-01\) must not be before completed \(2026-11-01\)/,
      ],
      [
        {
          person: 'john.smith',
          course: 'quarterly-dr-procedures',
          completed: '2026-11-01',
          expires: '2027-11-01',
        },
        /must not be later than the course 'quarterly-dr-procedures' allows \(3mo after 2026-11-01: 2027-01-31\)/,
      ],
      [
        {
          person: 'john.smith',
          course: 'onboarding',
          completed: '2026-11-01',
          passed: true,
        },
        /Unrecognized key/,
      ],
    ])(
      'answers bad input %j with 400, stores nothing and audits the failure',
      async (body, message) => {
        const res = await request(routes.app)
          .post('/training-records')
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(message);
        expect(await routes.stored()).toBe(0);
        expect(routes.events).toEqual([
          expect.objectContaining({
            eventId: 'training-record',
            outcome: 'fail',
          }),
        ]);
      },
    );

    it('accepts today in the time zones ahead of UTC', async () => {
      const res = await request(routes.app).post('/training-records').send({
        person: 'new.hire',
        course: 'onboarding',
        completed: '2026-12-02',
      });
      expect(res.status).toBe(201);
    });

    it('answers an unknown person with 404 and stores nothing', async () => {
      const res = await request(routes.app).post('/training-records').send({
        person: 'user:default/nobody',
        course: 'onboarding',
        completed: '2026-11-01',
      });
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        name: 'NotFoundError',
        message: 'No User user:default/nobody in the catalog',
      });
      expect(await routes.stored()).toBe(0);
      expect(routes.events[0]).toMatchObject({ outcome: 'fail' });
    });

    it('answers 403 without the record permission, stores nothing and audits the failure', async () => {
      await routes.build(AuthorizeResult.DENY);
      const res = await request(routes.app).post('/training-records').send({
        person: 'john.smith',
        course: 'onboarding',
        completed: '2026-11-01',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(await routes.stored()).toBe(0);
      expect(routes.events).toEqual([
        expect.objectContaining({
          eventId: 'training-record',
          outcome: 'fail',
        }),
      ]);
    });

    it('lists records in pages, filtered by person, for users and services', async () => {
      for (const [person, course, completed] of [
        ['john.smith', 'onboarding', '2024-03-04'],
        ['new.hire', 'onboarding', '2026-11-30'],
        ['john.smith', 'quarterly-dr-procedures', '2026-10-20'],
        ['john.smith', 'annual-simulation', '2026-04-15'],
      ]) {
        const res = await request(routes.app)
          .post('/training-records')
          .send({ person, course, completed });
        expect(res.status).toBe(201);
      }

      const page1 = await request(routes.app)
        .get('/training-records')
        .query({ person: 'john.smith', limit: 2 })
        .set('Authorization', mockCredentials.service.header());
      expect(page1.status).toBe(200);
      expect(page1.body).toMatchObject({ totalItems: 3, offset: 0, limit: 2 });
      expect(page1.body.items.map((r: { course: string }) => r.course)).toEqual(
        ['onboarding', 'quarterly-dr-procedures'],
      );
      const page2 = await request(routes.app)
        .get('/training-records')
        .query({ person: 'user:default/john.smith', limit: 2, offset: 2 });
      expect(page2.body.items.map((r: { course: string }) => r.course)).toEqual(
        ['annual-simulation'],
      );

      const all = await request(routes.app).get('/training-records');
      expect(all.body.totalItems).toBe(4);
      expect(all.body.items).toHaveLength(4);

      const bad = await request(routes.app)
        .get('/training-records')
        .query({ limit: 100000 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/limit/);
    });
  },
);
