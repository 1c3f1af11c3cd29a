import type {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { DrPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import type { IncidentStore } from '../database/IncidentStore';
import type { RunStore } from '../database/RunStore';
import type { IncidentEscalationSettings } from './escalation';
import { IncidentCommunicationService } from './IncidentCommunicationService';
import { IncidentGuard } from './incidentGuard';
import { IncidentLifecycleService } from './IncidentLifecycleService';
import { IncidentReviewService } from './IncidentReviewService';
import { IncidentSettingsService } from './IncidentSettingsService';

/** What the incident services need. @public */
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

/**
 * The incident operations shared by the REST routes, the actions registry and the scaffolder
 * action, one service per concern. Each change checks its input and permission, changes the
 * store, and emits an auditor event that records success, refusal or failure.
 *
 * @public
 */
export interface IncidentServices {
  /** Declare, update, assign roles, acknowledge, resolve; list and read. */
  lifecycle: IncidentLifecycleService;
  /** Render and send the communication templates. */
  communications: IncidentCommunicationService;
  /** The post-incident review, its Markdown and its action items. */
  reviews: IncidentReviewService;
  /** What the desk offers, and the severity suggestion. */
  settings: IncidentSettingsService;
}

/** Builds the incident services over one store, permission check and auditor. @public */
export function createIncidentServices(
  options: IncidentServiceOptions,
): IncidentServices {
  const guard = new IncidentGuard(
    options.permissions,
    options.auditor,
    options.now ?? (() => new Date()),
  );
  const lifecycle = new IncidentLifecycleService(options, guard);
  return {
    lifecycle,
    communications: new IncidentCommunicationService(options, guard, lifecycle),
    reviews: new IncidentReviewService(options, guard, lifecycle),
    settings: new IncidentSettingsService(options),
  };
}
