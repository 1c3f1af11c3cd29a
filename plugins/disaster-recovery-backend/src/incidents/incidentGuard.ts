import type { JsonObject } from '@backstage/types';
import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  disasterRecoveryIncidentDeclarePermission,
  IncidentItem,
  normalizeEntityRefStrict,
  parseEntityRefStrict,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import type { Request } from 'express';
import { principalRef } from '../auth/principalRef';

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

/** A role assignee: a User or Group ref (`jane.doe` is `user:default/jane.doe`). */
export function assigneeRef(value: string, field: string): string {
  const ref = parseEntityRefStrict(value, field, { defaultKind: 'user' });
  if (ref.kind !== 'user' && ref.kind !== 'group') {
    throw new InputError(
      `Invalid ${field}: must name a User or Group, got ${ref.kind}`,
    );
  }
  return normalizeEntityRefStrict(value, field, { defaultKind: 'user' });
}

/** The instant an input names, or the fallback when it names none. */
export function instant(value: string | undefined, fallback: Date): Date {
  return value === undefined ? fallback : new Date(value);
}

/**
 * The permission checks and the auditor events every incident change goes through: a change
 * runs inside an event that records success, refusal (bad input, denied permission) or failure.
 */
export class IncidentGuard {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly auditor: AuditorService,
    private readonly now: () => Date,
  ) {}

  /**
   * Runs a change of one incident that needs a (basic) permission: inside its auditor event,
   * after the permission check, told who makes it and when.
   */
  async change<T = IncidentItem>(
    eventId: string,
    permission: BasicPermission,
    target: { id: string; caller: IncidentCaller },
    run: (by: { actor: string; at: Date }) => Promise<T>,
    successMeta?: (result: T) => JsonObject,
  ): Promise<T> {
    const { id, caller } = target;
    return this.audited(
      eventId,
      caller,
      { id },
      async () => {
        await this.authorize(permission, caller);
        return run({ actor: principalRef(caller.credentials), at: this.now() });
      },
      successMeta,
    );
  }

  /** Throws NotAllowedError unless the caller holds the (basic) permission. */
  async authorize(permission: BasicPermission, caller: IncidentCaller) {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials: caller.credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed (${permission.name})`);
    }
  }

  /**
   * Throws NotAllowedError unless the caller may declare an incident for every affected entity
   * (an incident naming none needs an unconditional allow).
   */
  async authorizeDeclare(credentials: BackstageCredentials, refs: string[]) {
    const permission = disasterRecoveryIncidentDeclarePermission;
    if (!refs.length) {
      const [decision] = await this.permissions.authorizeConditional(
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
    const decisions = await this.permissions.authorize(
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
  async audited<T = IncidentItem>(
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
    const event = await this.auditor.createEvent({
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
