import {
  RECOVERY_OPERATION_NAMES,
  restoreOperationFor,
  RESTORING_OPERATIONS,
} from './operations';

describe('operation lists', () => {
  it('names every operation of the executor once', () => {
    expect(new Set(RECOVERY_OPERATION_NAMES).size).toBe(
      RECOVERY_OPERATION_NAMES.length,
    );
  });

  // The metrics counted failback as a recovery, the drill evidence did not. Rule: a failback is
  // neither; it undoes a failover that already recovered the service.
  it('counts restores, failover, switchover and drills as restoring, never failback or reprotect', () => {
    expect([...RESTORING_OPERATIONS].sort()).toEqual([
      'drill',
      'failover',
      'restore',
      'restore-pitr',
      'restore-tenant',
      'switchover',
    ]);
  });
});

describe('restoreOperationFor', () => {
  it('maps source and scope to the operation and its parameters', () => {
    expect(restoreOperationFor({})).toEqual({
      operation: 'restore',
      parameters: { cutOver: false },
    });
    expect(restoreOperationFor({ key: 'db/a.dump', cutOver: true })).toEqual({
      operation: 'restore',
      parameters: { key: 'db/a.dump', cutOver: true },
    });
    expect(
      restoreOperationFor({
        source: 'point-in-time',
        targetTime: '2026-01-01T10:00:00Z',
      }),
    ).toEqual({
      operation: 'restore-pitr',
      parameters: { targetTime: '2026-01-01T10:00:00Z', cutOver: false },
    });
    expect(restoreOperationFor({ scope: 'tenant', key: 'newest' })).toEqual({
      operation: 'restore-tenant',
      parameters: {},
    });
    expect(
      restoreOperationFor({ acceptWarnings: ['checksum'], cutOver: true }),
    ).toEqual({
      operation: 'restore',
      parameters: { cutOver: true, acceptWarnings: ['checksum'] },
    });
    expect(
      restoreOperationFor({ scope: 'tenant', acceptWarnings: ['row-drift'] }),
    ).toEqual({
      operation: 'restore-tenant',
      parameters: { acceptWarnings: ['row-drift'] },
    });
  });

  // The actions registry passed such combinations on for the executor's strict parameter
  // schemas to reject with a generic message; the scaffolder action named the field. Rule: the
  // mapping itself refuses them, naming the field, for every caller.
  it.each([
    [{ source: 'point-in-time' as const }, /needs targetTime/],
    [
      { source: 'point-in-time' as const, scope: 'tenant' as const },
      /scope "tenant" reads one tenant from a dump/,
    ],
    [
      { source: 'point-in-time' as const, targetTime: 'x', key: 'a.dump' },
      /backup key applies to restores from a dump/,
    ],
    [{ targetTime: '2026-01-01T10:00:00Z' }, /targetTime applies to/],
    [{ scope: 'tenant' as const, cutOver: true }, /cutOver does not apply/],
    [
      {
        source: 'point-in-time' as const,
        targetTime: '2026-01-01T10:00:00Z',
        acceptWarnings: ['checksum'],
      },
      /acceptWarnings applies to restores from a dump/,
    ],
  ])('refuses %j', (request, message) => {
    expect(() => restoreOperationFor(request)).toThrow(message);
  });
});
