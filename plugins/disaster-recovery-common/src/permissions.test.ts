import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  disasterRecoveryIncidentDeclarePermission,
  disasterRecoveryIncidentResolvePermission,
  disasterRecoveryIncidentUpdatePermission,
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
      'disaster-recovery.incident.declare',
      'disaster-recovery.incident.update',
      'disaster-recovery.incident.resolve',
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
    const basic = [
      disasterRecoveryTrainingRecordPermission,
      disasterRecoveryIncidentUpdatePermission,
      disasterRecoveryIncidentResolvePermission,
    ];
    const onEntities = disasterRecoveryPermissions.filter(
      p => !(basic as readonly unknown[]).includes(p),
    );
    expect(onEntities).toHaveLength(9);
    expect(onEntities).toContain(disasterRecoveryIncidentDeclarePermission);
    expect(
      onEntities.every(p => isResourcePermission(p, 'catalog-entity')),
    ).toBe(true);
    expect(onEntities.map(p => p.attributes.action)).not.toContain('delete');
    expect(basic.map(p => p.type)).toEqual(['basic', 'basic', 'basic']);
  });
});
