import type { JsonObject } from '@backstage/types';
import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  DEFAULT_INCIDENT_TEMPLATES,
  disasterRecoveryIncidentDeclarePermission,
  disasterRecoveryIncidentResolvePermission,
  disasterRecoveryIncidentUpdatePermission,
  DrPolicy,
  IncidentActionItem,
  IncidentCommunicationSendResponse,
  IncidentDetailResponse,
  IncidentItem,
  incidentReviewFileName,
  IncidentReview,
  IncidentListResponse,
  IncidentRole,
  IncidentSettingsResponse,
  IncidentSeveritySuggestionResponse,
  DR_ANNOTATIONS,
  suggestIncidentSeverity,
  nextIncidentEscalation,
  normalizeEntityRefStrict,
  parseEntityRefStrict,
  renderIncidentReviewMarkdown,
  renderIncidentTemplate,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import type { Request } from 'express';
import { principalRef } from '../auth/principalRef';
import { INCIDENT_PAGE } from '../database/DatabaseIncidentStore';
import { IncidentStore } from '../database/IncidentStore';
import { RunStore } from '../database/RunStore';
import {
  INCIDENT_NOTIFICATION_TOPIC,
  type IncidentEscalationSettings,
} from './escalation';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { parseInput } from '../router/schemas';
import {
  acknowledgeIncidentBody,
  addActionItemBody,
  severitySuggestionQuery,
  assignIncidentRoleBody,
  declareIncidentBody,
  listIncidentsQuery,
  resolveIncidentBody,
  updateIncidentBody,
} from './incidentSchemas';

/** What the incident service needs. @public */
export interface IncidentServiceOptions {
  store: IncidentStore;
  /** The recovery runs, of which a review lists those that named the incident. */
  runs: Pick<RunStore, 'listRecoveryRuns'>;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The DR policy: its severity levels. */
  policy: DrPolicy;
  /** Communication templates by name (see `readIncidentTemplates`); the plan's two by default. */
  templates?: Record<string, string>;
  /** Escalation timing (see `readIncidentEscalationSettings`): the API shows the next step due. */
  escalation?: Pick<
    IncidentEscalationSettings,
    'timeScale' | 'drillTimeScale' | 'updateIntervalMs' | 'responseGroups'
  >;
  /** Sends communications; without it sending refuses. */
  notifications?: NotificationService;
  /** Finds the owners of affected tenants, who receive communications of real incidents. */
  catalog?: CatalogService;
  /** Clock (tests). */
  now?: () => Date;
}

/** The caller of an incident operation and the HTTP request it came in, if any. @public */
export interface IncidentCaller {
  credentials: BackstageCredentials;
  request?: Request;
}

/** The audit event ids of incident changes (listed in the README). @public */
export const INCIDENT_AUDIT_EVENTS = {
  declare: 'incident-declare',
  update: 'incident-update',
  role: 'incident-role',
  acknowledge: 'incident-acknowledge',
  resolve: 'incident-resolve',
  actionItem: 'incident-action-item',
  communicate: 'incident-communicate',
} as const;

/** The most runs a review lists. */
const REVIEW_RUNS_LIMIT = 500;

/** A role assignee: a User or Group ref (`jane.doe` is `user:default/jane.doe`). */
function assigneeRef(value: string, field: string): string {
  const ref = parseEntityRefStrict(value, field, { defaultKind: 'user' });
  if (ref.kind !== 'user' && ref.kind !== 'group') {
    throw new InputError(
      `Invalid ${field}: must name a User or Group, got ${ref.kind}`,
    );
  }
  return normalizeEntityRefStrict(value, field, { defaultKind: 'user' });
}

function instant(value: string | undefined, fallback: Date): Date {
  return value === undefined ? fallback : new Date(value);
}

/**
 * Incident operations shared by the REST routes, the actions registry and the scaffolder action:
 * each one checks its input and permission, changes the store, and emits an auditor event that
 * records success, refusal (bad input, denied permission) or failure.
 *
 * @public
 */
export class IncidentService {
  private readonly now: () => Date;

  constructor(private readonly options: IncidentServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** A page of incidents (any signed-in reader). */
  async list(query: unknown): Promise<IncidentListResponse> {
    const q = parseInput(listIncidentsQuery, query, 'incident query');
    const offset = q.offset ?? 0;
    const limit = q.limit ?? INCIDENT_PAGE.defaultLimit;
    const page = await this.options.store.listIncidents({
      ...q,
      entityRef: q.entityRef
        ? normalizeEntityRefStrict(q.entityRef, 'entityRef', {
            defaultKind: 'resource',
          })
        : undefined,
      offset,
      limit,
    });
    return {
      ...page,
      items: page.items.map(i => this.withEscalation(i)),
      offset,
      limit,
    };
  }

  /** The incident with where it stands in its escalation, when it is open. */
  private withEscalation(incident: IncidentItem): IncidentItem {
    const settings = this.options.escalation ?? {
      timeScale: 1,
      drillTimeScale: 1,
      updateIntervalMs: 15 * 60_000,
    };
    const escalation = nextIncidentEscalation(incident, this.now(), {
      escalation: this.options.policy.escalation,
      updateIntervalMs: settings.updateIntervalMs,
      timeScale: incident.drill ? settings.drillTimeScale : settings.timeScale,
    });
    return escalation ? { ...incident, escalation } : incident;
  }

  /** One incident with its timeline (any signed-in reader); NotFound when there is none. */
  async get(id: string): Promise<IncidentDetailResponse> {
    const incident = await this.options.store.getIncident(id);
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    return {
      incident: this.withEscalation(incident),
      timeline: await this.options.store.getTimeline(id),
    };
  }

  /**
   * A communication template rendered with an incident's data as Markdown (any signed-in
   * reader). NotFound for an unknown incident or template; InputError for a template naming an
   * unknown field or one without a value for this incident.
   */
  async communication(id: string, template: string): Promise<string> {
    const templates = this.options.templates ?? DEFAULT_INCIDENT_TEMPLATES;
    if (!Object.prototype.hasOwnProperty.call(templates, template)) {
      throw new NotFoundError(
        `No communication template ${template}; templates: ${Object.keys(
          templates,
        ).join(', ')}`,
      );
    }
    const { incident } = await this.get(id);
    return renderIncidentTemplate(template, templates[template], incident, {
      severityLevels: this.options.policy.severityLevels,
      now: this.now(),
    });
  }

  /**
   * The post-incident review of a resolved incident (any signed-in reader): the timeline, the
   * recovery runs that named the incident (oldest first) and the action items. NotFound for an
   * unknown incident or one not resolved yet (its review opens on resolution).
   */
  async review(id: string): Promise<IncidentReview> {
    const { incident, timeline } = await this.get(id);
    const record = await this.options.store.getReview(id);
    if (!record) {
      throw new NotFoundError(
        `Incident ${id} has no review yet: its review opens when it is resolved`,
      );
    }
    const { items } = await this.options.runs.listRecoveryRuns({
      incidentId: id,
      limit: REVIEW_RUNS_LIMIT,
    });
    const runs = items.reverse().map(r => ({
      id: r.id,
      operation: r.operation,
      entityRef: r.entityRef,
      ...(r.purpose ? { purpose: r.purpose } : {}),
      status: r.status,
      initiatedBy: r.initiatedBy,
      startedAt: r.startedAt,
      ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
      ...(r.achievedRtoSeconds !== undefined
        ? { achievedRtoSeconds: r.achievedRtoSeconds }
        : {}),
      ...(r.dataLossSeconds !== undefined
        ? { dataLossSeconds: r.dataLossSeconds }
        : {}),
      ...(r.restorePoint ? { restorePoint: r.restorePoint } : {}),
    }));
    return { incident, ...record, timeline, runs };
  }

  /** The review as Markdown in the layout of the plan's test report, with its file name. */
  async reviewMarkdown(
    id: string,
  ): Promise<{ fileName: string; markdown: string }> {
    const review = await this.review(id);
    return {
      fileName: incidentReviewFileName(review),
      markdown: renderIncidentReviewMarkdown(review, {
        severityLevels: this.options.policy.severityLevels,
      }),
    };
  }

  /** Adds an action item to a review. Permission `disaster-recovery.incident.update`. */
  async addActionItem(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentActionItem> {
    return this.audited(
      INCIDENT_AUDIT_EVENTS.actionItem,
      caller,
      { id },
      async () => {
        await this.authorize(disasterRecoveryIncidentUpdatePermission, caller);
        const input = parseInput(addActionItemBody, body, 'action item');
        return this.options.store.addActionItem(id, {
          text: input.text,
          ...(input.owner ? { owner: assigneeRef(input.owner, 'owner') } : {}),
          actor: principalRef(caller.credentials),
          at: this.now(),
        });
      },
      item => ({ id, actionItem: item.id }),
    );
  }

  /**
   * Sends a rendered communication template as a Backstage notification to the response groups,
   * the role holders and, unless the incident is a drill, the owners of the affected tenants, and
   * records it on the timeline. Permission `disaster-recovery.incident.update`. A template that
   * cannot render refuses before anything is sent.
   */
  async sendCommunication(
    id: string,
    template: string,
    caller: IncidentCaller,
  ): Promise<IncidentCommunicationSendResponse> {
    return this.audited(
      INCIDENT_AUDIT_EVENTS.communicate,
      caller,
      { id },
      async () => {
        await this.authorize(disasterRecoveryIncidentUpdatePermission, caller);
        const { notifications } = this.options;
        if (!notifications) {
          throw new Error(
            'Communications cannot be sent: the notifications service is not available',
          );
        }
        const markdown = await this.communication(id, template);
        const { incident } = await this.get(id);
        const recipients = [
          ...new Set([
            ...Object.values(this.options.escalation?.responseGroups ?? {}),
            ...Object.values(incident.roles).filter(
              (r): r is string => typeof r === 'string',
            ),
            ...(incident.drill
              ? []
              : await this.tenantOwners(incident.affected.tenants, caller)),
          ]),
        ].sort();
        if (!recipients.length) {
          throw new InputError(
            `Nobody to send ${template} of ${id} to: no response group is configured (disasterRecovery.incidents.responseGroups), no role is assigned${
              incident.drill ? '' : ' and no affected tenant has an owner'
            }`,
          );
        }
        await notifications.send({
          recipients: { type: 'entity', entityRef: recipients },
          payload: {
            title: `${incident.drill ? '[DRILL] ' : ''}${incident.id} ${
              incident.severity
            }: ${template} communication`,
            description: markdown,
            link: `/disaster-recovery/incidents?incident=${incident.id}`,
            severity: 'high',
            topic: INCIDENT_NOTIFICATION_TOPIC,
          },
        });
        await this.options.store.addEvent(id, {
          type: 'communicated',
          actor: principalRef(caller.credentials),
          at: this.now(),
          message: `Sent the ${template} communication to ${recipients.join(
            ', ',
          )}`,
        });
        return { markdown, recipients };
      },
      sent => ({ id, template, recipients: sent.recipients.length }),
    );
  }

  /** The owners of tenants in the catalog (as the caller sees them). */
  private async tenantOwners(
    tenants: string[],
    caller: IncidentCaller,
  ): Promise<string[]> {
    const { catalog } = this.options;
    if (!catalog || !tenants.length) return [];
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: tenants, fields: ['metadata.namespace', 'spec.owner'] },
      { credentials: caller.credentials },
    );
    return items.flatMap(entity => {
      const owner = entity?.spec?.owner;
      if (typeof owner !== 'string' || !owner) return [];
      return [
        normalizeEntityRefStrict(owner, 'spec.owner', {
          defaultKind: 'group',
          defaultNamespace: entity?.metadata.namespace ?? 'default',
        }),
      ];
    });
  }

  /** What the desk offers: severity and impact levels, templates, time scales (any reader). */
  settings(): IncidentSettingsResponse {
    const { policy, escalation } = this.options;
    return {
      severityLevels: policy.severityLevels,
      impactLevels: policy.impactLevels,
      templates: Object.keys(
        this.options.templates ?? DEFAULT_INCIDENT_TEMPLATES,
      ),
      timeScale: escalation?.timeScale ?? 1,
      drillTimeScale: escalation?.drillTimeScale ?? 1,
    };
  }

  /**
   * Suggests a severity from the impact level and the tiers of the affected tenants (their
   * `dr.platform.io/tier` annotation, as the caller sees them in the catalog).
   */
  async suggestSeverity(
    query: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentSeveritySuggestionResponse> {
    const input = parseInput(
      severitySuggestionQuery,
      query,
      'severity suggestion',
    );
    const tenants = [
      ...new Set(
        ([] as string[]).concat(input.tenants ?? []).map((r, i) =>
          normalizeEntityRefStrict(r, `tenants[${i}]`, {
            defaultKind: 'resource',
          }),
        ),
      ),
    ];
    const { catalog } = this.options;
    const entities =
      catalog && tenants.length
        ? (
            await catalog.getEntitiesByRefs(
              {
                entityRefs: tenants,
                fields: ['metadata.annotations'],
              },
              { credentials: caller.credentials },
            )
          ).items
        : [];
    const { severity, reasons } = suggestIncidentSeverity(this.options.policy, {
      impactLevel: input.impactLevel,
      tenantTiers: tenants.map(
        (_, i) => entities[i]?.metadata?.annotations?.[DR_ANNOTATIONS.tier],
      ),
    });
    return { severity: severity.id, reasons };
  }

  /**
   * Declares an incident. Permission `disaster-recovery.incident.declare` on every affected
   * entity (an incident naming none needs an unconditional allow).
   */
  async declare(body: unknown, caller: IncidentCaller): Promise<IncidentItem> {
    return this.audited(INCIDENT_AUDIT_EVENTS.declare, caller, {}, async () => {
      const input = parseInput(declareIncidentBody, body, 'incident');
      const { policy } = this.options;
      if (!policy.severityLevels.some(l => l.id === input.severity)) {
        throw new InputError(
          `Invalid incident: severity must be one of ${policy.severityLevels
            .map(l => l.id)
            .join(', ')}, got '${input.severity}'`,
        );
      }
      const now = this.now();
      const startedAt = instant(input.startedAt, now);
      if (startedAt.getTime() > now.getTime()) {
        throw new InputError(
          'Invalid incident: startedAt must not be in the future',
        );
      }
      const norm = (list: string[] | undefined, field: string, kind: string) =>
        [...new Set(list ?? [])].map((r, i) =>
          normalizeEntityRefStrict(r, `affected.${field}[${i}]`, {
            defaultKind: kind,
          }),
        );
      const affected = {
        tenants: norm(input.affected?.tenants, 'tenants', 'resource'),
        systems: norm(input.affected?.systems, 'systems', 'system'),
        databases: norm(input.affected?.databases, 'databases', 'resource'),
      };
      const roles = Object.fromEntries(
        Object.entries(input.roles ?? {})
          .filter(([, v]) => v !== undefined)
          .map(([role, v]) => [role, assigneeRef(v!, `roles.${role}`)]),
      ) as Partial<Record<IncidentRole, string>>;

      await this.authorizeDeclare(caller.credentials, [
        ...affected.tenants,
        ...affected.systems,
        ...affected.databases,
      ]);
      return this.options.store.declare({
        severity: input.severity,
        title: input.title,
        impact: input.impact,
        impactLevel: input.impactLevel,
        affected,
        startedAt,
        declaredAt: now,
        declaredBy: principalRef(caller.credentials),
        roles,
        drill: input.drill ?? false,
      });
    });
  }

  /** Posts a status update. Permission `disaster-recovery.incident.update`. */
  async update(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentItem> {
    return this.audited(
      INCIDENT_AUDIT_EVENTS.update,
      caller,
      { id },
      async () => {
        await this.authorize(disasterRecoveryIncidentUpdatePermission, caller);
        const input = parseInput(updateIncidentBody, body, 'incident update');
        return this.options.store.postUpdate(id, {
          ...input,
          actor: principalRef(caller.credentials),
          at: this.now(),
        });
      },
    );
  }

  /** Assigns a response role. Permission `disaster-recovery.incident.update`. */
  async assignRole(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentItem> {
    return this.audited(
      INCIDENT_AUDIT_EVENTS.role,
      caller,
      { id },
      async () => {
        await this.authorize(disasterRecoveryIncidentUpdatePermission, caller);
        const input = parseInput(
          assignIncidentRoleBody,
          body,
          'role assignment',
        );
        return this.options.store.assignRole(id, {
          role: input.role,
          assignee: assigneeRef(input.assignee, 'assignee'),
          actor: principalRef(caller.credentials),
          at: this.now(),
        });
      },
    );
  }

  /** Acknowledges the escalation (stops its repeats). Permission `disaster-recovery.incident.update`. */
  async acknowledge(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentItem> {
    return this.audited(
      INCIDENT_AUDIT_EVENTS.acknowledge,
      caller,
      { id },
      async () => {
        await this.authorize(disasterRecoveryIncidentUpdatePermission, caller);
        const input = parseInput(
          acknowledgeIncidentBody,
          body ?? {},
          'acknowledgement',
        );
        return this.options.store.acknowledge(id, {
          ...input,
          actor: principalRef(caller.credentials),
          at: this.now(),
        });
      },
    );
  }

  /** Resolves with a root cause. Permission `disaster-recovery.incident.resolve`. */
  async resolve(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentItem> {
    return this.audited(
      INCIDENT_AUDIT_EVENTS.resolve,
      caller,
      { id },
      async () => {
        await this.authorize(disasterRecoveryIncidentResolvePermission, caller);
        const input = parseInput(resolveIncidentBody, body, 'resolution');
        const incident = await this.options.store.getIncident(id);
        if (!incident) throw new NotFoundError(`No incident ${id}`);
        const now = this.now();
        const at = instant(input.resolvedAt, now);
        if (at.getTime() > now.getTime()) {
          throw new InputError(
            'Invalid resolution: resolvedAt must not be in the future',
          );
        }
        if (at.getTime() < Date.parse(incident.startedAt)) {
          throw new InputError(
            `Invalid resolution: resolvedAt must not be before the start ${incident.startedAt}`,
          );
        }
        return this.options.store.resolve(id, {
          rootCause: input.rootCause,
          message: input.message,
          actor: principalRef(caller.credentials),
          at,
        });
      },
    );
  }

  private async authorize(permission: BasicPermission, caller: IncidentCaller) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials: caller.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed (${permission.name})`);
    }
  }

  private async authorizeDeclare(
    credentials: BackstageCredentials,
    refs: string[],
  ) {
    const permission = disasterRecoveryIncidentDeclarePermission;
    if (!refs.length) {
      const [decision] = await this.options.permissions.authorizeConditional(
        [{ permission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to declare an incident that names no affected entity (${permission.name})`,
        );
      }
      return;
    }
    const decisions = await this.options.permissions.authorize(
      refs.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );
    const denied = refs.filter(
      (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
    );
    if (denied.length) {
      throw new NotAllowedError(
        `Not allowed to declare an incident for ${denied.join(', ')} (${
          permission.name
        })`,
      );
    }
  }

  /** Runs a change inside an auditor event: success with the incident, else fail with the error. */
  private async audited<T = IncidentItem>(
    eventId: string,
    caller: IncidentCaller,
    meta: { id?: string },
    change: () => Promise<T>,
    successMeta: (result: T) => JsonObject = result => {
      const incident = result as IncidentItem;
      return {
        id: incident.id,
        severity: incident.severity,
        status: incident.status,
      };
    },
  ): Promise<T> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: caller.request,
      meta: { ...meta, actor: principalRef(caller.credentials) },
    });
    try {
      const result = await change();
      await event.success({ meta: successMeta(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta });
      throw error;
    }
  }
}
