import { DAY, ago, at, tenant, check } from '../__testUtils__/evaluate';

describe('evaluate', () => {
  describe('catalog checks', () => {
    it('checks vendor SLA against the tier RTO, alternatives and contract reviews', () => {
      const vendors = [
        {
          ref: 'vendor:default/aws',
          slaResolution: '1h',
          hasAlternative: true,
          contractReviewDue: at(100 * DAY),
        },
        {
          ref: 'vendor:default/sendgrid',
          slaResolution: '24h',
          hasAlternative: false,
          contractReviewDue: ago(DAY),
        },
      ];
      const sla = check(tenant({ vendors }), 'vendor-sla');
      expect(sla.status).toBe('fail');
      expect(sla.reason).toMatch(
        /vendor:default\/sendgrid resolves in 24h, longer than the 4h RTO and has no alternative/,
      );
      expect(check(tenant({ vendors }), 'vendor-alternative').status).toBe(
        'fail',
      );
      expect(check(tenant({ vendors }), 'vendor-contract-review').status).toBe(
        'fail',
      );
      const fine = [vendors[0]];
      expect(check(tenant({ vendors: fine }), 'vendor-sla').status).toBe(
        'pass',
      );
      expect(
        check(tenant({ vendors: fine }), 'vendor-contract-review').breachAt,
      ).toBe(at(100 * DAY));
      expect(
        check(
          tenant({ vendors: [{ ...vendors[1], hasAlternative: true }] }),
          'vendor-sla',
        ).status,
      ).toBe('warn');
    });
  });
});
