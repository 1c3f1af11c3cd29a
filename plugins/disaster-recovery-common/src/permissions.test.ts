import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  disasterRecoveryPermissions,
  disasterRecoveryPostureReadPermission,
  disasterRecoveryTrainingRecordPermission,
} from './permissions';

describe('permissions', () => {
  it('are named disaster-recovery.<noun>.<verb> and unique', () => {
    const names = disasterRecoveryPermissions.map(p => p.name);
    for (const name of names)
      expect(name).toMatch(/^disaster-recovery\.[a-z]+\.[a-z]+$/);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      'disaster-recovery.posture.read',
      'disaster-recovery.backup.create',
      'disaster-recovery.backup.verify',
      'disaster-recovery.database.restore',
      'disaster-recovery.database.failover',
      'disaster-recovery.database.failback',
      'disaster-recovery.drill.run',
      'disaster-recovery.incident.notify',
      'disaster-recovery.training.record',
    ]);
  });

  it('checks posture reading per catalog entity', () => {
    expect(disasterRecoveryPostureReadPermission).toEqual({
      type: 'resource',
      name: 'disaster-recovery.posture.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
    expect(
      isResourcePermission(
        disasterRecoveryPostureReadPermission,
        'catalog-entity',
      ),
    ).toBe(true);
  });

  it('makes every operation on an entity a catalog-entity resource permission', () => {
    const onEntities = disasterRecoveryPermissions.filter(
      p => p !== disasterRecoveryTrainingRecordPermission,
    );
    expect(onEntities).toHaveLength(8);
    expect(
      onEntities.every(p => isResourcePermission(p, 'catalog-entity')),
    ).toBe(true);
    expect(onEntities.map(p => p.attributes.action)).not.toContain('delete');
    expect(disasterRecoveryTrainingRecordPermission.type).toBe('basic');
  });
});
