import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { http, HttpResponse } from 'msw';

/** Base URL mockServices.discovery() gives the disaster-recovery plugin. */
export const BASE_URL = 'http://localhost:0/api/disaster-recovery';

/** A request the fake backend received. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  body?: any;
}

/**
 * An in-memory stand-in for the disaster-recovery backend's operation routes (msw handlers):
 * runs advance one step per GET, then succeed, or fail when `failWith` is set.
 */
export class FakeBackend {
  readonly requests: RecordedRequest[] = [];
  readonly runs = new Map<string, RecoveryRun>();
  private readonly byKey = new Map<string, string>();
  private counter = 0;
  failWith?: string;
  conflictWith?: string;
  output: Record<string, unknown> = {};
  /** What a dry run's plan resolves (e.g. a preflight), besides what it would not touch. */
  planOutput: Record<string, unknown> = {};
  extra: Partial<RecoveryRun> = {};
  stepTitles = ['Resolve target', 'Do the work', 'Record evidence'];

  handlers() {
    return [
      http.post(`${BASE_URL}/operations`, async ({ request }) => {
        const body = (await request.json()) as any;
        this.record(request, '/operations', body);
        if (this.conflictWith) {
          return HttpResponse.json(
            {
              error: { name: 'ConflictError', message: this.conflictWith },
              request: { method: 'POST', url: '/operations' },
              response: { statusCode: 409 },
            },
            { status: 409 },
          );
        }
        if (body.idempotencyKey && this.byKey.has(body.idempotencyKey)) {
          const run = this.runs.get(this.byKey.get(body.idempotencyKey)!)!;
          return HttpResponse.json({ run }, { status: 202 });
        }
        const run = this.newRun(body);
        if (body.idempotencyKey) {
          this.byKey.set(body.idempotencyKey, run.id);
        }
        return HttpResponse.json({ run }, { status: 202 });
      }),
      http.get(`${BASE_URL}/runs/:id`, ({ request, params }) => {
        const id = String(params.id);
        this.record(request, `/runs/${id}`);
        const run = this.runs.get(id);
        if (!run) {
          return HttpResponse.json(
            { error: { name: 'NotFoundError', message: `no run ${id}` } },
            { status: 404 },
          );
        }
        this.advance(run);
        return HttpResponse.json(run);
      }),
      http.post(`${BASE_URL}/runs/:id/cancel`, ({ request, params }) => {
        const id = String(params.id);
        this.record(request, `/runs/${id}/cancel`);
        const run = this.runs.get(id)!;
        run.status = 'failed';
        run.error = 'cancelled';
        run.finishedAt = new Date().toISOString();
        return HttpResponse.json({ run }, { status: 202 });
      }),
    ];
  }

  /** The POST /operations bodies received. */
  startRequests() {
    return this.requests
      .filter(r => r.method === 'POST' && r.path === '/operations')
      .map(r => r.body);
  }

  private record(request: Request, path: string, body?: unknown) {
    this.requests.push({
      method: request.method,
      path,
      authorization: request.headers.get('authorization'),
      body,
    });
  }

  private newRun(body: any): RecoveryRun {
    this.counter += 1;
    const run: RecoveryRun = {
      id: `run-${this.counter}`,
      operation: body.operation,
      entityRef: body.entityRef,
      target: 'ecommerce',
      initiatedBy: 'user:default/alice',
      status: body.dryRun ? 'planned' : 'running',
      dryRun: !!body.dryRun,
      startedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, 0)).toISOString(),
      steps: this.stepTitles.map((title, i) => ({
        id: `step-${i + 1}`,
        title,
        status: 'pending',
        detail: body.dryRun ? `on target ecommerce (step ${i + 1})` : undefined,
      })),
      output: body.dryRun
        ? {
            wouldNotTouch: ['the live database ecommerce'],
            ...this.planOutput,
          }
        : undefined,
    };
    this.runs.set(run.id, run);
    return run;
  }

  private advance(run: RecoveryRun) {
    if (run.status !== 'running') {
      return;
    }
    const t = (s: number) =>
      new Date(Date.UTC(2025, 0, 1, 12, 0, s)).toISOString();
    const next = run.steps.findIndex(s => s.status === 'pending');
    const current = run.steps.findIndex(s => s.status === 'running');
    if (current >= 0) {
      if (this.failWith && current === run.steps.length - 1) {
        run.steps[current].status = 'failed';
        run.steps[current].finishedAt = t(current * 2 + 2);
        run.status = 'failed';
        run.error = this.failWith;
        run.finishedAt = t(current * 2 + 2);
        return;
      }
      run.steps[current].status = 'succeeded';
      run.steps[current].finishedAt = t(current * 2 + 2);
      run.steps[current].detail = `done ${current + 1}`;
    }
    if (next >= 0) {
      run.steps[next].status = 'running';
      run.steps[next].startedAt = t(next * 2 + 1);
      return;
    }
    run.status = 'succeeded';
    run.finishedAt = t(run.steps.length * 2);
    run.output = this.output;
    Object.assign(run, this.extra);
  }
}
