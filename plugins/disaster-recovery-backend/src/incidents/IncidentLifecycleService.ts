import { InputError, NotFoundError } from '@backstage/errors';
import {
  disasterRecoveryIncidentResolvePermission,
  disasterRecoveryIncidentUpdatePermission,
  IncidentDetailResponse,
  IncidentItem,
  IncidentListResponse,
  IncidentRole,
  nextIncidentEscalation,
  normalizeEntityRefStrict,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { principalRef } from '../auth/principalRef';
import { INCIDENT_PAGE } from '../database/DatabaseIncidentStore';
import { parseInput } from '../router/schemas';
import {
  assigneeRef,
  INCIDENT_AUDIT_EVENTS,
  IncidentCaller,
  IncidentGuard,
  instant,
} from './incidentGuard';
import {
  acknowledgeIncidentBody,
  assignIncidentRoleBody,
  declareIncidentBody,
  listIncidentsQuery,
  resolveIncidentBody,
  updateIncidentBody,
} from './incidentSchemas';
import type { IncidentServiceOptions } from './IncidentService';

/**
 * The life of an incident: list and read (any signed-in reader), declare, post updates, assign
 * roles, acknowledge and resolve (each behind its permission, each audited).
 *
 * @public
 */
export class IncidentLifecycleService {
  private readonly now: () => Date;

  constructor(
    private readonly options: IncidentServiceOptions,
    private readonly guard: IncidentGuard,
  ) {
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
   * Declares an incident. Permission `disaster-recovery.incident.declare` on every affected
   * entity (an incident naming none needs an unconditional allow).
   */
  async declare(body: unknown, caller: IncidentCaller): Promise<IncidentItem> {
    return this.guard.audited(
      INCIDENT_AUDIT_EVENTS.declare,
      caller,
      {},
      async () => {
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
        const norm = (
          list: string[] | undefined,
          field: string,
          kind: string,
        ) =>
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

        await this.guard.authorizeDeclare(caller.credentials, [
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
      },
    );
  }

  /** Posts a status update. Permission `disaster-recovery.incident.update`. */
  async update(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentItem> {
    return this.guard.change(
      INCIDENT_AUDIT_EVENTS.update,
      disasterRecoveryIncidentUpdatePermission,
      { id, caller },
      by =>
        this.options.store.postUpdate(id, {
          ...parseInput(updateIncidentBody, body, 'incident update'),
          ...by,
        }),
    );
  }

  /** Assigns a response role. Permission `disaster-recovery.incident.update`. */
  async assignRole(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentItem> {
    return this.guard.change(
      INCIDENT_AUDIT_EVENTS.role,
      disasterRecoveryIncidentUpdatePermission,
      { id, caller },
      by => {
        const input = parseInput(
          assignIncidentRoleBody,
          body,
          'role assignment',
        );
        return this.options.store.assignRole(id, {
          role: input.role,
          assignee: assigneeRef(input.assignee, 'assignee'),
          ...by,
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
    return this.guard.change(
      INCIDENT_AUDIT_EVENTS.acknowledge,
      disasterRecoveryIncidentUpdatePermission,
      { id, caller },
      by =>
        this.options.store.acknowledge(id, {
          ...parseInput(acknowledgeIncidentBody, body ?? {}, 'acknowledgement'),
          ...by,
        }),
    );
  }

  /** Resolves with a root cause. Permission `disaster-recovery.incident.resolve`. */
  async resolve(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentItem> {
    return this.guard.change(
      INCIDENT_AUDIT_EVENTS.resolve,
      disasterRecoveryIncidentResolvePermission,
      { id, caller },
      async ({ actor, at: now }) => {
        const input = parseInput(resolveIncidentBody, body, 'resolution');
        const incident = await this.options.store.getIncident(id);
        if (!incident) throw new NotFoundError(`No incident ${id}`);
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
          actor,
          at,
        });
      },
    );
  }
}
