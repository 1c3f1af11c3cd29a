import { http, HttpResponse } from 'msw';
import { BASE_URL } from './fakeBackend';

const DAY = 24 * 60 * 60 * 1000;
/** The fixed now of the training tests. */
export const NOW = new Date('2026-12-01T12:00:00Z');

/** The training routes of the disaster-recovery backend, in memory. */
export class FakeTrainingBackend {
  readonly requests: Array<{
    method: string;
    path: string;
    authorization: string | null;
    body?: any;
  }> = [];
  readonly records: any[] = [];
  readonly users = new Set(['user:default/alice', 'user:default/new.hire']);

  handlers() {
    const record = (request: Request, path: string, body?: unknown) =>
      this.requests.push({
        method: request.method,
        path,
        authorization: request.headers.get('authorization'),
        body,
      });
    // The shape of Backstage's error handler, which ResponseError parses.
    const notFound = (request: Request, message: string) =>
      HttpResponse.json(
        {
          error: { name: 'NotFoundError', message },
          request: {
            method: request.method,
            url: new URL(request.url).pathname,
          },
          response: { statusCode: 404 },
        },
        { status: 404 },
      );
    return [
      http.get(`${BASE_URL}/training-courses`, ({ request }) => {
        record(request, '/training-courses');
        return HttpResponse.json({
          items: [
            { id: 'onboarding', title: 'New employee DR onboarding' },
            {
              id: 'quarterly-dr-procedures',
              title: 'Quarterly DR procedures training',
              validityMs: 91.3125 * DAY,
            },
          ],
        });
      }),
      http.get(
        `${BASE_URL}/training-status/:namespace/:name`,
        ({ request, params }) => {
          const ref = `user:${params.namespace}/${params.name}`;
          record(
            request,
            `/training-status/${params.namespace}/${params.name}`,
          );
          if (!this.users.has(ref)) return notFound(request, `No User ${ref}`);
          return HttpResponse.json({
            person: ref,
            courses: [
              {
                course: 'onboarding',
                state: 'missing',
                requiredBecause: ['everyone'],
              },
            ],
          });
        },
      ),
      http.post(`${BASE_URL}/training-records`, async ({ request }) => {
        const body = (await request.json()) as any;
        record(request, '/training-records', body);
        if (!this.users.has(body.person)) {
          return notFound(request, `No User ${body.person} in the catalog`);
        }
        const existing = this.records.find(
          r =>
            r.person === body.person &&
            r.course === body.course &&
            r.completed === body.completed,
        );
        if (existing) {
          return HttpResponse.json({ record: existing, created: false });
        }
        const stored = {
          id: String(this.records.length + 1),
          ...body,
          ...(body.course === 'quarterly-dr-procedures'
            ? { expires: '2027-01-19' }
            : {}),
          recordedBy: 'user:default/alice',
          recordedAt: NOW.toISOString(),
        };
        this.records.push(stored);
        return HttpResponse.json(
          { record: stored, created: true },
          { status: 201 },
        );
      }),
    ];
  }

  posts() {
    return this.requests.filter(r => r.method === 'POST');
  }
}
