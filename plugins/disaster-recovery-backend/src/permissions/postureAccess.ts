import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import { disasterRecoveryPostureReadPermission } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { FleetFilter, FleetPermissionFilter } from '../database/PostureStore';
import {
  DR_RESOURCE_TYPE,
  DrEntityResource,
  drEntityPermissionResourceRef,
} from './resource';
import { drPermissionRules } from './rules';

const rules = Object.values(drPermissionRules);
const authorizeResource = createConditionAuthorizer(rules);
const toFleetFilter = createConditionTransformer<FleetFilter, typeof rules>(
  rules,
);

/** Whether the whole fleet, a filtered part of it, or nothing may be read. @public */
export type FleetAccess =
  | { result: 'all' }
  | { result: 'none' }
  | { result: 'filtered'; filter: FleetPermissionFilter };

/**
 * Checks `disaster-recovery.posture.read`: per entity (conditions of this plugin applied to the
 * entity, conditions of another plugin — e.g. the catalog's — resolved by the permission backend
 * through `authorize` with the entity ref), and as a filter over the fleet.
 *
 * @public
 */
export class PostureAccess {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly logger: LoggerService,
  ) {}

  /** Throws NotAllowedError unless the caller may read this entity's posture. */
  async assertCanRead(
    credentials: BackstageCredentials,
    resource: DrEntityResource,
  ): Promise<void> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: disasterRecoveryPostureReadPermission }],
      { credentials },
    );
    let allowed: boolean;
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      allowed = decision.result === AuthorizeResult.ALLOW;
    } else if (this.isOwnDecision(decision)) {
      allowed = authorizeResource(decision, resource);
    } else {
      const [byRef] = await this.permissions.authorize(
        [
          {
            permission: disasterRecoveryPostureReadPermission,
            resourceRef: resource.entityRef,
          },
        ],
        { credentials },
      );
      allowed = byRef.result === AuthorizeResult.ALLOW;
    }
    if (!allowed) {
      throw new NotAllowedError(
        `Not allowed to read the disaster-recovery posture of ${resource.entityRef}`,
      );
    }
  }

  /** Which part of the fleet the caller may read. */
  async fleetAccess(credentials: BackstageCredentials): Promise<FleetAccess> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: disasterRecoveryPostureReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return decision.result === AuthorizeResult.ALLOW
        ? { result: 'all' }
        : { result: 'none' };
    }
    if (!this.isOwnDecision(decision)) {
      this.logger.warn(
        `The permission policy answered ${disasterRecoveryPostureReadPermission.name} with conditions of plugin '${decision.pluginId}'; fleet listings can only apply this plugin's conditions (disasterRecoveryConditions), so the fleet is hidden from this caller`,
      );
      return { result: 'none' };
    }
    return { result: 'filtered', filter: toFleetFilter(decision.conditions) };
  }

  private isOwnDecision(decision: {
    pluginId: string;
    resourceType: string;
  }): boolean {
    return (
      decision.pluginId === drEntityPermissionResourceRef.pluginId &&
      decision.resourceType === DR_RESOURCE_TYPE
    );
  }
}
