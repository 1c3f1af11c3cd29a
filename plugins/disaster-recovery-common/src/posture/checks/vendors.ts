import { tryParseDuration } from '../../policy/duration';
import { VendorEvidence } from '../evidence';
import { CheckResult, CheckStatus, EvidenceRef } from '../types';
import { fmt, listOf, notCollected, result } from './checkResult';
import { CheckContext, worstOf } from './context';
import { earliest, timeOf } from './evidenceTime';

const vendorRef = (v: VendorEvidence): EvidenceRef => ({
  kind: 'vendor',
  id: v.ref,
  title: v.title,
});
const nameOf = (v: VendorEvidence) => v.title ?? v.ref;
const NOT_LOOKED_UP =
  'The vendors this tenant depends on have not been looked up in the catalog.';
const NO_VENDORS = 'The catalog records no vendor this tenant depends on.';

/**
 * Vendor SLA against the tier's RTO: a vendor whose SLA resolution is longer than the RTO fails,
 * or warns when an alternative vendor is identified (recovery then depends on switching).
 */
export function vendorSlaCheck(ctx: CheckContext): CheckResult {
  const { evidence, tier } = ctx;
  const rto = tier.objectives.rto;
  const base = {
    id: 'vendor-sla',
    title: 'Vendor SLAs within RTO',
    target: `<= ${rto.text}`,
  };
  const vendors = evidence.vendors;
  if (vendors === undefined) return notCollected(base, NOT_LOOKED_UP);
  if (vendors.length === 0)
    return result({ ...base, status: 'pass', reason: NO_VENDORS });
  const statuses: CheckStatus[] = [];
  const notes: string[] = [];
  for (const v of vendors) {
    const sla = v.slaResolution ? tryParseDuration(v.slaResolution) : undefined;
    if (!sla?.ok) {
      statuses.push('unknown');
      notes.push(
        `${nameOf(v)} has ${
          v.slaResolution
            ? `an unreadable SLA '${v.slaResolution}'`
            : 'no SLA resolution time'
        }`,
      );
    } else if (sla.value.ms > rto.ms) {
      const alt = v.hasAlternative === true;
      statuses.push(alt ? 'warn' : 'fail');
      notes.push(
        `${nameOf(v)} resolves in ${sla.value.text}, longer than the ${
          rto.text
        } RTO${
          alt
            ? ' (an alternative vendor is identified)'
            : ' and has no alternative'
        }`,
      );
    } else {
      statuses.push('pass');
    }
  }
  const status = worstOf(statuses);
  return result({
    ...base,
    status,
    reason:
      status === 'pass'
        ? `All ${vendors.length} vendors resolve within the ${rto.text} RTO.`
        : `${notes.join('; ')}.`,
    evidence: vendors.map(vendorRef),
  });
}

/** Vendor alternatives: every vendor the tenant depends on has an identified alternative. */
export function vendorAlternativeCheck(ctx: CheckContext): CheckResult {
  const vendors = ctx.evidence.vendors;
  const base = {
    id: 'vendor-alternative',
    title: 'Alternative for every vendor',
  };
  if (vendors === undefined) return notCollected(base, NOT_LOOKED_UP);
  if (vendors.length === 0)
    return result({ ...base, status: 'pass', reason: NO_VENDORS });
  const none = vendors.filter(v => v.hasAlternative === false);
  const unknown = vendors.filter(v => v.hasAlternative === undefined);
  if (none.length) {
    return result({
      ...base,
      status: 'fail',
      reason: `No alternative is identified for ${listOf(none.map(nameOf))}.`,
      evidence: none.map(vendorRef),
    });
  }
  if (unknown.length) {
    return result({
      ...base,
      status: 'unknown',
      reason: `It is not recorded whether ${listOf(unknown.map(nameOf))} ha${
        unknown.length > 1 ? 've' : 's'
      } an alternative.`,
      evidence: unknown.map(vendorRef),
    });
  }
  return result({
    ...base,
    status: 'pass',
    reason: `All ${vendors.length} vendors have an identified alternative.`,
    evidence: vendors.map(vendorRef),
  });
}

/** Vendor contract review: no DR contract review is overdue; one due within `dueSoon` warns. */
export function vendorContractReviewCheck(ctx: CheckContext): CheckResult {
  const { evidence, policy, now } = ctx;
  const vendors = evidence.vendors;
  const soon = policy.posture.dueSoon;
  const base = {
    id: 'vendor-contract-review',
    title: 'Vendor contract reviews',
  };
  if (vendors === undefined) return notCollected(base, NOT_LOOKED_UP);
  if (vendors.length === 0)
    return result({ ...base, status: 'pass', reason: NO_VENDORS });
  const overdue: string[] = [];
  const dueSoon: string[] = [];
  const unknown: string[] = [];
  const dues: number[] = [];
  for (const v of vendors) {
    const due = timeOf(v.contractReviewDue);
    if (due === undefined) {
      unknown.push(nameOf(v));
    } else if (due < now) {
      overdue.push(`${nameOf(v)} (${fmt(now - due)} overdue)`);
    } else {
      dues.push(due);
      if (due - now <= soon.ms)
        dueSoon.push(`${nameOf(v)} (due in ${fmt(due - now)})`);
    }
  }
  const refs = vendors.map(vendorRef);
  if (overdue.length) {
    return result({
      ...base,
      status: 'fail',
      reason: `Contract review overdue: ${listOf(overdue)}.`,
      evidence: refs,
    });
  }
  if (unknown.length) {
    return result({
      ...base,
      status: 'unknown',
      reason: `No contract review date is recorded for ${listOf(unknown)}.`,
      breachAt: earliest(dues),
      evidence: refs,
    });
  }
  return result({
    ...base,
    status: dueSoon.length ? 'warn' : 'pass',
    reason: dueSoon.length
      ? `Contract reviews due soon: ${listOf(dueSoon)}.`
      : `No contract review is due within ${soon.text}.`,
    breachAt: earliest(dues),
    evidence: refs,
  });
}
