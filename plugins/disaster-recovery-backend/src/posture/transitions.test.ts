import {
  CheckResult,
  CheckStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  checkStatuses,
  newlyFailingChecks,
  postureChanged,
} from './transitions';

function check(id: string, status: CheckStatus): CheckResult {
  return { id, title: id, status, reason: `${id} is ${status}`, evidence: [] };
}

describe('postureChanged', () => {
  const before = checkStatuses([check('rpo', 'pass'), check('rto', 'warn')]);

  it('counts a first evaluation as a change', () => {
    expect(postureChanged(undefined, [check('rpo', 'pass')])).toBe(true);
  });

  it('ignores the same statuses in another order and a changed reason', () => {
    const same = [
      { ...check('rto', 'warn'), reason: 'another reason' },
      check('rpo', 'pass'),
    ];
    expect(postureChanged(before, same)).toBe(false);
  });

  it('sees a check in another status', () => {
    expect(
      postureChanged(before, [check('rpo', 'fail'), check('rto', 'warn')]),
    ).toBe(true);
  });

  it('sees a check added or removed', () => {
    expect(postureChanged(before, [check('rpo', 'pass')])).toBe(true);
    expect(
      postureChanged(before, [
        check('rpo', 'pass'),
        check('rto', 'warn'),
        check('mtd', 'pass'),
      ]),
    ).toBe(true);
    expect(
      postureChanged(before, [check('rpo', 'pass'), check('mtd', 'warn')]),
    ).toBe(true);
  });
});

describe('newlyFailingChecks', () => {
  it('reports nothing for an entity evaluated the first time', () => {
    expect(
      newlyFailingChecks(undefined, { checks: [check('rpo', 'fail')] }),
    ).toEqual([]);
  });

  it('reports checks that turned fail, including new ones, not those failing before', () => {
    const previous = {
      checks: checkStatuses([check('rpo', 'fail'), check('rto', 'warn')]),
    };
    const failing = newlyFailingChecks(previous, {
      checks: [
        check('rpo', 'fail'),
        check('rto', 'fail'),
        check('mtd', 'fail'),
      ],
    });
    expect(failing.map(c => c.id)).toEqual(['rto', 'mtd']);
  });
});
