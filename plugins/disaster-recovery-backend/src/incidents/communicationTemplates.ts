import { Config } from '@backstage/config';
import { DEFAULT_INCIDENT_TEMPLATES } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/**
 * Reads `disasterRecovery.incidents.templates` (Markdown with `{{field}}`s, keyed by name) over
 * the plan's `initial` and `resolution` defaults: a configured name replaces the default of the
 * same name, new names are added.
 *
 * @public
 */
export function readIncidentTemplates(config: Config): Record<string, string> {
  const section = config.getOptionalConfig(
    'disasterRecovery.incidents.templates',
  );
  const templates: Record<string, string> = { ...DEFAULT_INCIDENT_TEMPLATES };
  for (const name of section?.keys() ?? []) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new Error(
        `disasterRecovery.incidents.templates.${name}: a template name is lowercase letters, digits and dashes`,
      );
    }
    templates[name] = section!.getString(name);
  }
  return templates;
}
