import { BackupStats } from '../postgres/tableStats';
import { VerificationCheck } from '../verify/checks';
import type { RestoredTenantTable } from './restoreTenant';

/**
 * `tenant-stats`: the tenant's rows restored per table against the backup's statistics, which
 * were counted in the dump's own snapshot, so they must match exactly. Fails on any difference
 * (including a table the statistics give rows for that was not restored); warns when the backup
 * has no statistics to compare with.
 * @public
 */
export function compareTenantRowsWithStats(
  stats: BackupStats | undefined,
  tenantId: string,
  restored: readonly RestoredTenantTable[],
): VerificationCheck {
  const tables = stats?.tables.filter(t => t.tenantRows) ?? [];
  if (!stats || tables.length === 0) {
    return {
      id: 'tenant-stats',
      status: 'warn',
      detail:
        'the backup has no per-tenant statistics to compare the restored rows with',
    };
  }
  const got = new Map(restored.map(t => [t.source, t.rows]));
  const differences: string[] = [];
  let expectedTotal = 0;
  for (const t of tables) {
    const source = `${t.schema}.${t.name}`;
    const expected = t.tenantRows![tenantId] ?? 0;
    const found = got.get(source) ?? 0;
    expectedTotal += expected;
    if (found !== expected) {
      differences.push(`${source}: ${found} rows, the backup had ${expected}`);
    }
  }
  if (differences.length) {
    return {
      id: 'tenant-stats',
      status: 'fail',
      detail: `${differences.length} of ${
        tables.length
      } tables differ from the backup's statistics: ${differences
        .slice(0, 5)
        .join('; ')}`,
    };
  }
  return {
    id: 'tenant-stats',
    status: 'pass',
    detail: `${expectedTotal} rows of tenant ${tenantId} in ${tables.length} tables, as the backup's statistics counted`,
  };
}
