import { http, HttpResponse } from 'msw';
import type {
  IncidentActionItem,
  IncidentItem,
  IncidentReview,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { BASE } from './fixtures';

const MINUTE = 60_000;

/** The catalog API pair for `renderInTestApp({ apis })`: two users and a group to assign. */
export function catalogPeopleApi() {
  const entity = (kind: string, name: string, title?: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: {},
  });
  const api = catalogApiMock({
    entities: [
      entity('User', 'alice', 'Alice Example'),
      entity('User', 'bob'),
      entity('Group', 'dba-team', 'DBA team'),
      entity('Component', 'checkout'),
    ],
  });
  return [catalogApiRef, api] as const;
}

/** A small incident backend (msw): what the desk sends and what it would answer. */
export function deskBackend() {
  const incidents: IncidentItem[] = [];
  const posted: Array<{ path: string; body: unknown }> = [];
  const actionItems = new Map<string, IncidentActionItem[]>();
  const now = Date.now();
  const handlers = [
    http.get(`${BASE}/incidents/settings`, () =>
      HttpResponse.json({
        severityLevels: [
          { id: 'SEV-0', title: 'Critical', description: 'Platform down' },
          { id: 'SEV-1', title: 'High', description: 'Major' },
        ],
        impactLevels: [
          { id: 'critical', title: 'Critical', description: 'All' },
          { id: 'high', title: 'High', description: 'Many' },
        ],
        templates: ['initial', 'resolution'],
        timeScale: 15,
        drillTimeScale: 60,
      }),
    ),
    http.get(`${BASE}/incidents/severity-suggestion`, ({ request }) => {
      const tenants = new URL(request.url).searchParams.getAll('tenants');
      return HttpResponse.json({
        severity: tenants.includes('acme') ? 'SEV-0' : 'SEV-1',
        reasons: [
          tenants.includes('acme') ? 'tenants in tier critical' : 'impact high',
        ],
      });
    }),
    http.get(`${BASE}/incidents`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      const items = incidents.filter(i =>
        q.get('state') === 'open'
          ? i.status !== 'resolved'
          : i.status === 'resolved',
      );
      const ref = q.get('entityRef');
      const scoped = ref
        ? items.filter(i => i.affected.tenants.includes(ref))
        : items;
      return HttpResponse.json({
        items: scoped,
        totalItems: scoped.length,
        offset: 0,
        limit: 50,
      });
    }),
    http.get(`${BASE}/incidents/:id/communications/:template`, ({ params }) =>
      HttpResponse.text(`## ${params.template} of ${params.id}`),
    ),
    http.get(`${BASE}/incidents/:id/review/markdown`, ({ params }) =>
      HttpResponse.text(`# Post-incident review: ${params.id}`),
    ),
    http.post(`${BASE}/incidents`, async ({ request }) => {
      const body = (await request.json()) as Record<string, any>;
      posted.push({ path: '/incidents', body });
      const incident: IncidentItem = {
        id: `INC-2026-00${incidents.length + 1}`,
        severity: body.severity,
        title: body.title,
        status: 'investigating',
        impact: body.impact,
        affected: {
          tenants: (body.affected.tenants as string[]).map(
            t => `resource:default/${t}`,
          ),
          systems: [],
          databases: [],
        },
        startedAt: new Date(now - 2 * MINUTE).toISOString(),
        declaredAt: new Date(now).toISOString(),
        declaredBy: 'user:default/guest',
        roles: {},
        lastUpdateAt: new Date(now).toISOString(),
        drill: false,
        escalation: {
          timeScale: 15,
          nextStep: {
            step: 2,
            role: 'incident-commander',
            action: 'Executive notification',
            dueAt: new Date(now + 3 * MINUTE).toISOString(),
          },
          nextUpdateDueAt: new Date(now + MINUTE).toISOString(),
        },
      };
      incidents.push(incident);
      return HttpResponse.json(incident, { status: 201 });
    }),
    http.post(`${BASE}/incidents/:id/resolve`, async ({ params, request }) => {
      const body = (await request.json()) as { rootCause: string };
      posted.push({ path: `/incidents/${params.id}/resolve`, body });
      const incident = incidents.find(i => i.id === params.id)!;
      Object.assign(incident, {
        status: 'resolved',
        rootCause: body.rootCause,
        resolvedAt: new Date(now + 43 * MINUTE).toISOString(),
        escalation: undefined,
      });
      return HttpResponse.json(incident);
    }),
    http.post(
      `${BASE}/incidents/:id/communications/:template/send`,
      ({ params }) => {
        posted.push({
          path: `/incidents/${params.id}/communications/${params.template}/send`,
          body: null,
        });
        return HttpResponse.json({
          markdown: '',
          recipients: ['group:default/incident-command'],
        });
      },
    ),
    http.post(`${BASE}/incidents/:id/roles`, async ({ params, request }) => {
      const body = (await request.json()) as { role: string; assignee: string };
      posted.push({ path: `/incidents/${params.id}/roles`, body });
      const incident = incidents.find(i => i.id === params.id)!;
      incident.roles = { ...incident.roles, [body.role]: body.assignee };
      return HttpResponse.json(incident);
    }),
    http.get(`${BASE}/incidents/:id/review`, ({ params }) => {
      const incident = incidents.find(i => i.id === params.id)!;
      const review: IncidentReview = {
        incident,
        openedAt: incident.resolvedAt!,
        openedBy: 'user:default/guest',
        timeline: [],
        runs: [],
        actionItems: actionItems.get(incident.id) ?? [],
      };
      return HttpResponse.json(review);
    }),
    http.post(
      `${BASE}/incidents/:id/review/action-items`,
      async ({ params, request }) => {
        const body = (await request.json()) as { text: string; owner?: string };
        const id = String(params.id);
        posted.push({ path: `/incidents/${id}/review/action-items`, body });
        const items = actionItems.get(id) ?? [];
        const item: IncidentActionItem = {
          id: String(items.length + 1),
          text: body.text,
          ...(body.owner ? { owner: body.owner } : {}),
          addedAt: new Date(now + 50 * MINUTE).toISOString(),
          addedBy: 'user:default/guest',
        };
        actionItems.set(id, [...items, item]);
        return HttpResponse.json(item, { status: 201 });
      },
    ),
  ];
  return { incidents, posted, handlers };
}
