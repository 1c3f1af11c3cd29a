import request from 'supertest';
import { TRAINING_TEST_DATABASES } from './__testUtils__/trainingFixtures';
import { NOW, setUpTrainingRoutes } from './__testUtils__/trainingRoutes';

jest.setTimeout(120_000);

describe.each(TRAINING_TEST_DATABASES)(
  'training status and course routes on %s',
  databaseId => {
    const routes = setUpTrainingRoutes(databaseId);

    it("gives a person's required courses and their states from the store and the catalog", async () => {
      // Recorded in the portal: onboarding (never expires) and a recent quarterly training.
      const onboarding = await request(routes.app)
        .post('/training-records')
        .send({
          person: 'john.smith',
          course: 'onboarding',
          completed: '2024-03-04',
        });
      await request(routes.app).post('/training-records').send({
        person: 'john.smith',
        course: 'quarterly-dr-procedures',
        completed: '2026-10-20',
      });

      const res = await request(routes.app).get(
        '/training-status/default/john.smith',
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        person: 'user:default/john.smith',
        groups: ['group:default/incident-commanders'],
        roles: ['incident-commander'],
        current: false,
        missing: ['cross-functional-drill'],
        due: ['annual-simulation'],
        evaluatedAt: NOW.toISOString(),
      });
      expect(
        res.body.courses.map((c: { course: string; state: string }) => [
          c.course,
          c.state,
        ]),
      ).toEqual([
        ['onboarding', 'done'],
        ['quarterly-dr-procedures', 'done'],
        ['annual-simulation', 'due'],
        ['cross-functional-drill', 'expired'],
      ]);
      expect(res.body.courses[0]).toMatchObject({
        requiredBecause: ['everyone'],
        record: onboarding.body.record.id,
      });
      expect(res.body.courses[2]).toMatchObject({
        requiredBecause: ['role:incident-commander'],
        record: 'trainingrecord:default/john.smith-annual-simulation-2025-12',
      });

      // Completing the drill in the portal makes John current.
      await request(routes.app).post('/training-records').send({
        person: 'john.smith',
        course: 'cross-functional-drill',
        completed: '2026-11-30',
      });
      const after = await request(routes.app).get(
        '/training-status/default/john.smith',
      );
      expect(after.body.current).toBe(true);
      expect(after.body.courses[3]).toMatchObject({
        state: 'done',
        completed: '2026-11-30',
        expiresAt: '2027-11-30T00:00:00.000Z',
      });
    });

    it('requires only onboarding of a new hire, and answers an unknown person with 404', async () => {
      const res = await request(routes.app).get(
        '/training-status/default/new.hire',
      );
      expect(res.body.courses).toEqual([
        {
          course: 'onboarding',
          title: 'New employee DR onboarding',
          state: 'missing',
          requiredBecause: ['everyone'],
        },
      ]);
      const missing = await request(routes.app).get(
        '/training-status/default/nobody',
      );
      expect(missing.status).toBe(404);
    });

    it('lists the courses of the policy', async () => {
      const res = await request(routes.app).get('/training-courses');
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([
        'onboarding',
        'quarterly-dr-procedures',
        'annual-simulation',
        'cross-functional-drill',
      ]);
      expect(res.body.items[1]).toMatchObject({
        validity: expect.stringMatching(/^P/),
        validityMs: 91.3125 * 24 * 3600 * 1000,
      });
    });
  },
);
