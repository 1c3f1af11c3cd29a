import { CheckResult } from '../types';
import { fmt, notCollected, result } from './checkResult';
import { ageStatus, CheckContext } from './context';
import { ageOf, timeOf } from './evidenceTime';

/**
 * Replica lag: the standby's replay lag against the tier's RPO. A missing standby fails; an
 * observation older than `replicationMaxAge` is not trusted (unknown). A standby 0 bytes behind is
 * caught up whatever its replay timestamp says (on an idle primary that timestamp ages).
 */
export function replicaLagCheck(ctx: CheckContext): CheckResult {
  const { evidence, tier, now, policy } = ctx;
  const rpo = tier.objectives.rpo;
  const base = {
    id: 'replica-lag',
    title: 'Standby replica lag',
    target: rpo.text,
  };
  const rep = evidence.replication;
  if (!rep) {
    return notCollected(base, 'Replication has not been observed.');
  }
  const ref = {
    kind: 'replication',
    id: rep.id ?? 'replication',
    observedAt: rep.observedAt,
  };
  const observedAt = timeOf(rep.observedAt);
  const maxAge = policy.posture.replicationMaxAge;
  if (observedAt === undefined || ageOf(observedAt, now) > maxAge.ms) {
    return result({
      ...base,
      status: 'unknown',
      reason:
        observedAt === undefined
          ? 'The replication observation has no valid time.'
          : `The last replication observation is ${fmt(
              ageOf(observedAt, now),
            )} old (trusted up to ${maxAge.text}).`,
      evidence: [ref],
    });
  }
  if (!rep.standbyConnected) {
    return result({
      ...base,
      status: 'fail',
      reason: 'No standby is connected: a failover has nothing to promote.',
      measured: 'no standby',
      evidence: [ref],
    });
  }
  if (rep.lagBytes === 0) {
    return result({
      ...base,
      status: 'pass',
      reason: 'The standby has replayed all WAL it was sent (0 bytes behind).',
      measured: '0 bytes',
      evidence: [ref],
    });
  }
  if (
    rep.replayLagSeconds === undefined ||
    !Number.isFinite(rep.replayLagSeconds)
  ) {
    return result({
      ...base,
      status: 'unknown',
      reason: `The standby is connected${
        rep.lagBytes !== undefined ? ` and ${rep.lagBytes} bytes behind` : ''
      }, but its lag in time was not measured.`,
      evidence: [ref],
    });
  }
  const lagMs = Math.max(0, rep.replayLagSeconds * 1000);
  const status = ageStatus(lagMs, rpo, policy.posture.warnRatio);
  const bytes = rep.lagBytes !== undefined ? ` (${rep.lagBytes} bytes)` : '';
  const behind = `The standby is ${fmt(lagMs)}${bytes} behind`;
  const reasons: Record<string, string> = {
    fail: `${behind}, more than the ${rpo.text} RPO: failing over now would lose more data than allowed.`,
    warn: `${behind}, ${Math.round((lagMs / rpo.ms) * 100)} % of the ${
      rpo.text
    } RPO.`,
    pass: `${behind}, within the ${rpo.text} RPO.`,
  };
  return result({
    ...base,
    status,
    reason: reasons[status],
    measured: fmt(lagMs),
    evidence: [ref],
  });
}
