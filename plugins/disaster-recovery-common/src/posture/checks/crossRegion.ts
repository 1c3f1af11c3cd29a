import { CheckResult, EvidenceRef } from '../types';
import { fmt, notCollected, result } from './checkResult';
import { ageStatus, CheckContext } from './context';
import { ageOf, newestBy, timeOf, usable } from './evidenceTime';

/**
 * Cross-region copy: a backup copy outside the primary region, younger than
 * `crossRegionCopyMaxAge`. Uses the recorded cross-region copies and any backup stored outside the
 * primary region.
 */
export function crossRegionCopyCheck(ctx: CheckContext): CheckResult {
  const { evidence, policy, now } = ctx;
  const maxAge = policy.posture.crossRegionCopyMaxAge;
  const primary = policy.regions.find(r => r.role === 'primary')?.id;
  const base = {
    id: 'cross-region-copy',
    title: 'Cross-region backup copy',
    target: `${maxAge.text} outside ${primary ?? 'the primary region'}`,
  };
  const backupsWithRegion = (evidence.backups ?? []).filter(
    b => b.region !== undefined,
  );
  if (
    evidence.crossRegionCopies === undefined &&
    backupsWithRegion.length === 0
  ) {
    return notCollected(
      base,
      'No cross-region copies are recorded and no backup says which region it is stored in.',
    );
  }
  const candidates: Array<{ at: number; region: string; ref: EvidenceRef }> =
    [];
  for (const c of evidence.crossRegionCopies ?? []) {
    const at = timeOf(c.takenAt);
    if (usable(at, now) && c.region !== primary) {
      candidates.push({
        at,
        region: c.region,
        ref: {
          kind: 'cross-region-copy',
          id: c.id ?? `${c.region}@${c.takenAt}`,
          title: c.region,
          observedAt: c.takenAt,
        },
      });
    }
  }
  for (const b of backupsWithRegion) {
    const at = timeOf(b.takenAt);
    if (
      usable(at, now) &&
      b.region !== primary &&
      b.sizeBytes > 0 &&
      b.verification?.status !== 'fail'
    ) {
      candidates.push({
        at,
        region: b.region!,
        ref: {
          kind: 'backup',
          id: b.id,
          title: b.region,
          observedAt: b.takenAt,
        },
      });
    }
  }
  const newest = newestBy(candidates, c => c.at);
  if (!newest) {
    return result({
      ...base,
      status: 'fail',
      reason: `No backup copy exists outside ${
        primary ?? 'the primary region'
      }: a regional disaster would take the backups with it.`,
      measured: 'none',
    });
  }
  const age = ageOf(newest.at, now);
  const status = ageStatus(age, maxAge, policy.posture.warnRatio);
  const breachAt = newest.at + maxAge.ms;
  return result({
    ...base,
    status,
    reason:
      status === 'fail'
        ? `The newest copy outside ${primary} (in ${
            newest.item.region
          }) is ${fmt(age)} old, older than ${maxAge.text}.`
        : `The newest copy outside ${primary} (in ${
            newest.item.region
          }) is ${fmt(age)} old; it is stale in ${fmt(breachAt - now)}.`,
    measured: `${fmt(age)} (${newest.item.region})`,
    breachAt,
    evidence: [newest.item.ref],
  });
}
