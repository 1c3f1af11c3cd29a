import { NOW, DAY, ago, tenant, check } from '../__testUtils__/evaluate';

describe('evaluate', () => {
  describe('verified restore', () => {
    const v = (
      id: string,
      age: number,
      status: 'pass' | 'fail',
      mode: 'quick' | 'full' = 'full',
    ) => ({
      id,
      finishedAt: ago(age),
      status,
      mode,
    });

    it('passes with a recent full verification and expires after the monthly calendar', () => {
      const c = check(
        tenant({ verifications: [v('v1', 2 * DAY, 'pass')] }),
        'verified-restore',
      );
      expect(c.status).toBe('pass');
      // 1mo (30.4375 days) + 3d grace after it finished
      expect(c.breachAt).toBe(
        new Date(NOW - 2 * DAY + 33.4375 * DAY).toISOString(),
      );
    });

    it('counts a verification older than the calendar allows as missing', () => {
      const c = check(
        tenant({ verifications: [v('v1', 40 * DAY, 'pass')] }),
        'verified-restore',
      );
      expect(c.status).toBe('unknown');
      expect(c.reason).toMatch(/40 days ago, older than the monthly/);
    });

    it('fails when the recent verification failed', () => {
      expect(
        check(
          tenant({ verifications: [v('v1', DAY, 'fail')] }),
          'verified-restore',
        ).status,
      ).toBe('fail');
    });

    it('warns when a newer verification failed after a success', () => {
      const c = check(
        tenant({
          verifications: [v('v2', DAY, 'fail'), v('v1', 5 * DAY, 'pass')],
        }),
        'verified-restore',
      );
      expect(c.status).toBe('warn');
      expect(c.evidence.map(e => e.id)).toEqual(['v2', 'v1']);
    });

    it('warns when only quick verifications passed', () => {
      const c = check(
        tenant({ verifications: [v('v1', DAY, 'pass', 'quick')] }),
        'verified-restore',
      );
      expect(c.status).toBe('warn');
      expect(c.reason).toMatch(/quick mode/);
    });

    it('warns when the newest full verification passed with warnings', () => {
      const c = check(
        tenant({
          verifications: [
            { ...v('v2', DAY, 'pass'), warnings: ['checksum', 'row-drift'] },
            v('v1', 5 * DAY, 'pass'),
          ],
        }),
        'verified-restore',
      );
      expect(c.status).toBe('warn');
      expect(c.reason).toMatch(/passed with warnings \(checksum, row-drift\)/);
      expect(c.evidence.map(e => e.id)).toEqual(['v2']);
    });

    it('passes when a clean full verification follows one with warnings', () => {
      const c = check(
        tenant({
          verifications: [
            v('v2', DAY, 'pass'),
            { ...v('v1', 5 * DAY, 'pass'), warnings: ['checksum'] },
          ],
        }),
        'verified-restore',
      );
      expect(c.status).toBe('pass');
    });

    it('warns when the verification is nearly due', () => {
      expect(
        check(
          tenant({ verifications: [v('v1', 28 * DAY, 'pass')] }),
          'verified-restore',
        ).status,
      ).toBe('warn');
    });
  });
});
