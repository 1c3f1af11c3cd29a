import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  defaultPolicy,
  disasterRecoveryTrainingRecordPermission,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { initializePersistenceContext } from '../database/persistenceContext';
import { createTrainingRouter } from './createTrainingRouter';
import {
  recordingAuditor,
  RecordedAuditEvent,
  responseRoleGroup,
  TRAINING_TEST_DATABASES,
  trainingRecordEntity,
  user,
} from './__testUtils__/trainingFixtures';

jest.setTimeout(120_000);

const NOW = new Date('2026-12-01T12:00:00Z');

const catalogEntities = [
  responseRoleGroup('incident-commanders', 'incident-commander'),
  user('john.smith', ['incident-commanders']),
  user('new.hire'),
  // From YAML, naming the person in shorthand: annual simulation expiring within 30 days -> due.
  trainingRecordEntity({
    name: 'john.smith-annual-simulation-2025-12',
    person: 'john.smith',
    course: 'annual-simulation',
    completed: '2025-12-20',
    expires: '2026-12-20',
  }),
  // Found through its trainingOf relation: a drill that expired in June -> expired.
  trainingRecordEntity({
    name: 'john.smith-cross-functional-drill-2025-06',
    person: 'user:default/john.smith',
    course: 'cross-functional-drill',
    completed: '2025-06-01',
    expires: '2026-06-01',
    relations: [{ type: 'trainingOf', targetRef: 'user:default/john.smith' }],
  }),
  // Someone else's record does not count for John.
  trainingRecordEntity({
    name: 'new.hire-quarterly-2026-11',
    person: 'new.hire',
    course: 'quarterly-dr-procedures',
    completed: '2026-11-01',
    expires: '2027-01-31',
  }),
];

describe.each(TRAINING_TEST_DATABASES)('training routes on %s', databaseId => {
  const databases = TestDatabases.create({ ids: [databaseId] });
  let knex: Knex;
  let app: express.Express;
  let events: RecordedAuditEvent[];
  let authorize: jest.Mock;

  async function build(
    decision:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const recorded = recordingAuditor();
    events = recorded.events;
    authorize = jest.fn(async (requests: unknown[]) =>
      requests.map(() => ({ result: decision })),
    );
    const router = await createTrainingRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions.mock({ authorize }),
      auditor: recorded.auditor,
      store: (
        await initializePersistenceContext(mockServices.database({ knex }))
      ).training,
      policy: defaultPolicy,
      catalog: catalogServiceMock({ entities: catalogEntities }),
      now: () => NOW,
    });
    app = express().use(router).use(mockErrorHandler());
  }

  const stored = async () =>
    Number((await knex('dr_training_records').count({ c: '*' }))[0].c);

  beforeAll(async () => {
    knex = await databases.init(databaseId);
  });

  beforeEach(async () => {
    await build();
    await knex('dr_training_records').delete();
  });

  afterAll(async () => {
    await knex?.destroy();
  });

  it('records a completion with the expiry from the course validity, audited', async () => {
    const res = await request(app)
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
    expect(await stored()).toBe(1);
    expect(authorize).toHaveBeenCalledWith(
      [{ permission: disasterRecoveryTrainingRecordPermission }],
      expect.anything(),
    );
    expect(events).toEqual([
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
    const onboarding = await request(app).post('/training-records').send({
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
    const first = await request(app).post('/training-records').send(body);
    const again = await request(app).post('/training-records').send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: false, record: first.body.record });

    const other = await request(app)
      .post('/training-records')
      .send({ ...body, evidence: 'https://lms.example.com/b' });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toMatch(/different evidence/);
    expect(await stored()).toBe(1);
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
      /evidence: must be an http\(s\) URL/,
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
      const res = await request(app).post('/training-records').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(await stored()).toBe(0);
      expect(events).toEqual([
        expect.objectContaining({
          eventId: 'training-record',
          outcome: 'fail',
        }),
      ]);
    },
  );

  it('accepts today in the time zones ahead of UTC', async () => {
    const res = await request(app).post('/training-records').send({
      person: 'new.hire',
      course: 'onboarding',
      completed: '2026-12-02',
    });
    expect(res.status).toBe(201);
  });

  it('answers an unknown person with 404 and stores nothing', async () => {
    const res = await request(app).post('/training-records').send({
      person: 'user:default/nobody',
      course: 'onboarding',
      completed: '2026-11-01',
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No User user:default/nobody in the catalog',
    });
    expect(await stored()).toBe(0);
    expect(events[0]).toMatchObject({ outcome: 'fail' });
  });

  it('answers 403 without the record permission, stores nothing and audits the failure', async () => {
    await build(AuthorizeResult.DENY);
    const res = await request(app).post('/training-records').send({
      person: 'john.smith',
      course: 'onboarding',
      completed: '2026-11-01',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(await stored()).toBe(0);
    expect(events).toEqual([
      expect.objectContaining({ eventId: 'training-record', outcome: 'fail' }),
    ]);
  });

  it('lists records in pages, filtered by person, for users and services', async () => {
    for (const [person, course, completed] of [
      ['john.smith', 'onboarding', '2024-03-04'],
      ['new.hire', 'onboarding', '2026-11-30'],
      ['john.smith', 'quarterly-dr-procedures', '2026-10-20'],
      ['john.smith', 'annual-simulation', '2026-04-15'],
    ]) {
      const res = await request(app)
        .post('/training-records')
        .send({ person, course, completed });
      expect(res.status).toBe(201);
    }

    const page1 = await request(app)
      .get('/training-records')
      .query({ person: 'john.smith', limit: 2 })
      .set('Authorization', mockCredentials.service.header());
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ totalItems: 3, offset: 0, limit: 2 });
    expect(page1.body.items.map((r: { course: string }) => r.course)).toEqual([
      'onboarding',
      'quarterly-dr-procedures',
    ]);
    const page2 = await request(app)
      .get('/training-records')
      .query({ person: 'user:default/john.smith', limit: 2, offset: 2 });
    expect(page2.body.items.map((r: { course: string }) => r.course)).toEqual([
      'annual-simulation',
    ]);

    const all = await request(app).get('/training-records');
    expect(all.body.totalItems).toBe(4);
    expect(all.body.items).toHaveLength(4);

    const bad = await request(app)
      .get('/training-records')
      .query({ limit: 100000 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/limit/);
  });

  it("gives a person's required courses and their states from the store and the catalog", async () => {
    // Recorded in the portal: onboarding (never expires) and a recent quarterly training.
    const onboarding = await request(app).post('/training-records').send({
      person: 'john.smith',
      course: 'onboarding',
      completed: '2024-03-04',
    });
    await request(app).post('/training-records').send({
      person: 'john.smith',
      course: 'quarterly-dr-procedures',
      completed: '2026-10-20',
    });

    const res = await request(app).get('/training-status/default/john.smith');
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
    await request(app).post('/training-records').send({
      person: 'john.smith',
      course: 'cross-functional-drill',
      completed: '2026-11-30',
    });
    const after = await request(app).get('/training-status/default/john.smith');
    expect(after.body.current).toBe(true);
    expect(after.body.courses[3]).toMatchObject({
      state: 'done',
      completed: '2026-11-30',
      expiresAt: '2027-11-30T00:00:00.000Z',
    });
  });

  it('requires only onboarding of a new hire, and answers an unknown person with 404', async () => {
    const res = await request(app).get('/training-status/default/new.hire');
    expect(res.body.courses).toEqual([
      {
        course: 'onboarding',
        title: 'New employee DR onboarding',
        state: 'missing',
        requiredBecause: ['everyone'],
      },
    ]);
    const missing = await request(app).get('/training-status/default/nobody');
    expect(missing.status).toBe(404);
  });

  it('lists the courses of the policy', async () => {
    const res = await request(app).get('/training-courses');
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
});
