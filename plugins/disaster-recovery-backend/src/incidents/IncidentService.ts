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
  IncidentDetailResponse,
  IncidentItem,
  IncidentListResponse,
  IncidentRole,
  normalizeEntityRefStrict,
  parseEntityRefStrict,
  renderIncidentTemplate,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import type { Request } from 'express';
import { principalRef } from '../auth/principalRef';
import { INCIDENT_PAGE } from '../database/DatabaseIncidentStore';
import { IncidentStore } from '../database/IncidentStore';
import { parseInput } from '../router/schemas';
import {
  acknowledgeIncidentBody,
  assignIncidentRoleBody,
  declareIncidentBody,
  listIncidentsQuery,
  resolveIncidentBody,
  updateIncidentBody,
} from './incidentSchemas';

/** What the incident service needs. @public */
export interface IncidentServiceOptions {
  store: IncidentStore;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The DR policy: its severity levels. */
  policy: DrPolicy;
  /** Communication templates by name (see `readIncidentTemplates`); the plan's two by default. */
  templates?: Record<string, string>;
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
} as const;

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
    return { ...page, offset, limit };
  }

  /** One incident with its timeline (any signed-in reader); NotFound when there is none. */
  async get(id: string): Promise<IncidentDetailResponse> {
    const incident = await this.options.store.getIncident(id);
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    return { incident, timeline: await this.options.store.getTimeline(id) };
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
  private async audited(
    eventId: string,
    caller: IncidentCaller,
    meta: { id?: string },
    change: () => Promise<IncidentItem>,
  ): Promise<IncidentItem> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: caller.request,
      meta: { ...meta, actor: principalRef(caller.credentials) },
    });
    try {
      const incident = await change();
      await event.success({
        meta: {
          id: incident.id,
          severity: incident.severity,
          status: incident.status,
        },
      });
      return incident;
    } catch (error) {
      await event.fail({ error: error as Error, meta });
      throw error;
    }
  }
}
