import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  disasterRecoveryDatabaseRestorePermission,
  disasterRecoveryPostureReadPermission,
  disasterRecoveryTrainingRecordPermission,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DisasterRecoveryPermissionPolicy } from './drPermissionPolicy';

/** Users of the tests: the user ref first, then the groups (as the user info service answers). */
const claimsOf = new Map<string, string[]>();

function user(...ownershipEntityRefs: string[]) {
  const credentials = mockCredentials.user(ownershipEntityRefs[0]);
  claimsOf.set(ownershipEntityRefs[0], ownershipEntityRefs);
  return {
    credentials,
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
  };
}

describe('DisasterRecoveryPermissionPolicy', () => {
  const policy = new DisasterRecoveryPermissionPolicy({
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: claimsOf.get(ref)! };
    },
  });

  it('lets the platform group run recovery operations on every entity', async () => {
    await expect(
      policy.handle(
        { permission: disasterRecoveryDatabaseRestorePermission },
        user('user:default/jane.doe', 'group:default/platform-team'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets anyone else run them only on entities they own', async () => {
    const decision = await policy.handle(
      { permission: disasterRecoveryDatabaseRestorePermission },
      user('user:default/alex.kim', 'group:default/team-checkout'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'disaster-recovery',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/alex.kim', 'group:default/team-checkout'],
        },
      },
    });
  });

  it('denies recovery operations to a caller without identity', async () => {
    await expect(
      policy.handle({ permission: disasterRecoveryDatabaseRestorePermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets everyone read the posture, record training, and use the rest of the portal', async () => {
    const someone = user(
      'user:default/alex.kim',
      'group:default/team-checkout',
    );
    for (const permission of [
      disasterRecoveryPostureReadPermission,
      disasterRecoveryTrainingRecordPermission,
      {
        type: 'basic' as const,
        name: 'catalog.entity.create',
        attributes: { action: 'create' as const },
      },
    ]) {
      await expect(policy.handle({ permission }, someone)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });
});
