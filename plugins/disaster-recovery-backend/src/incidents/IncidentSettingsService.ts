import {
  DEFAULT_INCIDENT_TEMPLATES,
  DR_ANNOTATIONS,
  IncidentSettingsResponse,
  IncidentSeveritySuggestionResponse,
  normalizeEntityRefStrict,
  suggestIncidentSeverity,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { parseInput } from '../router/schemas';
import type { IncidentCaller } from './incidentGuard';
import { severitySuggestionQuery } from './incidentSchemas';
import type { IncidentServiceOptions } from './IncidentService';

/**
 * What the incident desk offers (severity and impact levels, templates, time scales) and the
 * severity it suggests for a declaration.
 *
 * @public
 */
export class IncidentSettingsService {
  constructor(private readonly options: IncidentServiceOptions) {}

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
}
