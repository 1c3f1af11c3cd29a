import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PermissionEvaluator,
} from '@backstage/plugin-permission-common';
import { defaultPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import { createStores } from '../../database/__testUtils__/testStores';
import { PersistenceContext } from '../../database/persistenceContext';
import {
  recordingAuditor,
  RecordedAuditEvent,
} from '../../training/__testUtils__/trainingFixtures';
import { readIncidentTemplates } from '../communicationTemplates';
import { createIncidentsRouter } from '../createIncidentsRouter';
import { createIncidentServices } from '../IncidentService';

/** The clock of the incident route tests. */
export const NOW = new Date('2026-01-22T10:35:00Z');

/** A SEV-0 declaration of two tenants (acme in the critical tier), started 5 minutes before NOW. */
export const DECLARATION = {
  severity: 'SEV-0',
  title: 'Platform-wide outage',
  impact: 'Platform unavailable, all tenants affected',
  impactLevel: 'critical',
  affected: { tenants: ['acme', 'resource:default/globex'] },
  startedAt: '2026-01-22T10:30:00Z',
  roles: { 'incident-commander': 'john.smith' },
};

/** The incident routes over a fresh SQLite store, with the knobs the tests turn. */
export interface IncidentsTestApp {
  app: express.Express;
  stores: PersistenceContext;
  /** The auditor events, in order. */
  events: RecordedAuditEvent[];
  /** Permission names (and `name@ref`) that are denied; everything else is allowed. */
  denied: Set<string>;
  /** Whether `authorizeConditional` answers CONDITIONAL (an owner-only allow). */
  permissions: { conditional: boolean };
  /** The notifications sent. */
  sent: NotificationSendOptions[];
}

/**
 * Builds the incident routes as the plugin wires them, with the user `john.smith` signed in,
 * two tenants in the catalog (acme in the critical tier, owned by team-acme; globex owned by
 * hank), a configured `status` template naming an unknown field, and the clock at NOW.
 */
export async function createIncidentsTestApp(): Promise<IncidentsTestApp> {
  const { stores } = await createStores('SQLITE_3');
  const recorder = recordingAuditor();
  const denied = new Set<string>();
  const flags = { conditional: false };
  const decide = (name: string, ref?: string) =>
    denied.has(name) || (ref && denied.has(`${name}@${ref}`))
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  const permissions: PermissionEvaluator = {
    authorize: async requests =>
      requests.map(r => ({
        result: decide(
          r.permission.name,
          (r as { resourceRef?: string }).resourceRef,
        ),
      })) as never,
    authorizeConditional: async requests =>
      requests.map(r =>
        flags.conditional
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'disaster-recovery',
              resourceType: 'catalog-entity',
              conditions: { rule: 'IS_ENTITY_OWNER', params: {} },
            }
          : { result: decide(r.permission.name) },
      ) as never,
  };
  const sent: NotificationSendOptions[] = [];
  const incidents = createIncidentServices({
    store: stores.incidents,
    runs: stores.runs,
    notifications: {
      send: async (options: NotificationSendOptions) => {
        sent.push(options);
      },
    },
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: 'acme',
            namespace: 'default',
            annotations: { 'dr.platform.io/tier': 'critical' },
          },
          spec: { type: 'tenant', owner: 'team-acme' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'globex', namespace: 'default' },
          spec: { type: 'tenant', owner: 'user:default/hank' },
        },
      ],
    }),
    escalation: {
      timeScale: 1,
      drillTimeScale: 60,
      updateIntervalMs: 15 * 60_000,
      responseGroups: {
        'incident-commander': 'group:default/incident-command',
      },
    },
    permissions: mockServices.permissions.mock(permissions),
    auditor: recorder.auditor,
    policy: defaultPolicy,
    templates: readIncidentTemplates(
      new ConfigReader({
        disasterRecovery: {
          incidents: { templates: { status: '{{id}} owned by {{owner}}' } },
        },
      }),
    ),
    now: () => NOW,
  });
  const app = express()
    .use(
      createIncidentsRouter({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user('user:default/john.smith'),
        }),
        incidents,
      }),
    )
    .use(mockErrorHandler());
  return {
    app,
    stores,
    events: recorder.events,
    denied,
    permissions: flags,
    sent,
  };
}
