import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createDisasterRecoveryConditionalDecision,
  disasterRecoveryConditions,
} from '@dr-portal/backstage-plugin-disaster-recovery-backend';
import {
  disasterRecoveryPostureReadPermission,
  disasterRecoveryTrainingRecordPermission,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** The group whose members run recovery operations on every tenant and database. */
export const DR_PLATFORM_GROUP = 'group:default/platform-team';

/**
 * The portal's permission policy:
 * - everyone signed in reads the DR posture and records their own DR training;
 * - members of the platform group run every recovery operation (backup, verify, restore, discard,
 *   failover, drills) on every entity;
 * - anyone else runs them only on the entities they own (`disasterRecoveryConditions.isEntityOwner`,
 *   applied by the disaster-recovery backend to the entity's owner);
 * - every other permission is allowed, as the default app does.
 */
export class DisasterRecoveryPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
    private readonly platformGroups: string[] = [DR_PLATFORM_GROUP],
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (
      !permission.name.startsWith('disaster-recovery.') ||
      permission.name === disasterRecoveryPostureReadPermission.name ||
      permission.name === disasterRecoveryTrainingRecordPermission.name
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];
    if (claims.some(ref => this.platformGroups.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, 'catalog-entity') && claims.length) {
      return createDisasterRecoveryConditionalDecision(
        permission,
        disasterRecoveryConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

/** Installs {@link DisasterRecoveryPermissionPolicy} as the permission backend's policy. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'disaster-recovery-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DisasterRecoveryPermissionPolicy(userInfo));
      },
    });
  },
});
