import { InputError, NotFoundError } from '@backstage/errors';
import {
  DEFAULT_INCIDENT_TEMPLATES,
  disasterRecoveryIncidentUpdatePermission,
  IncidentCommunicationSendResponse,
  normalizeEntityRefStrict,
  renderIncidentTemplate,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { INCIDENT_NOTIFICATION_TOPIC } from './escalation';
import {
  INCIDENT_AUDIT_EVENTS,
  IncidentCaller,
  IncidentGuard,
} from './incidentGuard';
import type { IncidentLifecycleService } from './IncidentLifecycleService';
import type { IncidentServiceOptions } from './IncidentService';

/**
 * Incident communications: the configured templates rendered with an incident's data as
 * Markdown, and sent as Backstage notifications.
 *
 * @public
 */
export class IncidentCommunicationService {
  private readonly now: () => Date;

  constructor(
    private readonly options: IncidentServiceOptions,
    private readonly guard: IncidentGuard,
    private readonly lifecycle: Pick<IncidentLifecycleService, 'get'>,
  ) {
    this.now = options.now ?? (() => new Date());
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
    const { incident } = await this.lifecycle.get(id);
    return renderIncidentTemplate(template, templates[template], incident, {
      severityLevels: this.options.policy.severityLevels,
      now: this.now(),
    });
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
    return this.guard.change(
      INCIDENT_AUDIT_EVENTS.communicate,
      disasterRecoveryIncidentUpdatePermission,
      { id, caller },
      async by => {
        const { notifications } = this.options;
        if (!notifications) {
          throw new Error(
            'Communications cannot be sent: the notifications service is not available',
          );
        }
        const markdown = await this.communication(id, template);
        const { incident } = await this.lifecycle.get(id);
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
          ...by,
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
}
