import { defaultPolicy } from '../../policy/readPolicy';
import { DAY, ago, at, tenant, check } from '../__testUtils__/evaluate';

describe('evaluate', () => {
  describe('catalog checks', () => {
    it('fails owners without current training and warns before training expires', () => {
      const lapsed = check(
        tenant({
          ownerTraining: {
            people: [
              {
                ref: 'user:default/jane',
                current: true,
                expiresAt: at(90 * DAY),
              },
              {
                ref: 'user:default/tom',
                current: false,
                missing: ['quarterly-dr-procedures'],
              },
            ],
          },
        }),
        'owner-training',
      );
      expect(lapsed.status).toBe('fail');
      expect(lapsed.reason).toMatch(
        /user:default\/tom \(quarterly-dr-procedures\)/,
      );
      const expiring = check(
        tenant({
          ownerTraining: {
            people: [
              {
                ref: 'user:default/jane',
                current: true,
                expiresAt: at(10 * DAY),
              },
            ],
          },
        }),
        'owner-training',
      );
      expect(expiring.status).toBe('warn');
      expect(expiring.breachAt).toBe(at(10 * DAY));
    });

    it('fails a response role with fewer than two trained people and predicts when coverage drops', () => {
      const full = defaultPolicy.roles.map(r => ({
        role: r.id,
        people: [
          { ref: `user:default/${r.id}-a`, trainingExpiresAt: at(200 * DAY) },
          { ref: `user:default/${r.id}-b`, trainingExpiresAt: at(100 * DAY) },
          { ref: `user:default/${r.id}-c`, trainingExpiresAt: at(50 * DAY) },
        ],
      }));
      const ok = check(tenant({ roleCoverage: full }), 'role-coverage');
      expect(ok.status).toBe('pass');
      // with 3 people and a minimum of 2, coverage drops when the 2nd-latest expiry passes
      expect(ok.breachAt).toBe(at(100 * DAY));
      const short = full.map(c =>
        c.role === 'communications-lead'
          ? {
              ...c,
              people: [
                c.people[0],
                { ref: 'user:default/x', trainingExpiresAt: ago(DAY) },
              ],
            }
          : c,
      );
      const c = check(tenant({ roleCoverage: short }), 'role-coverage');
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(/Communications Lead \(1 of 2\)/);
    });
  });
});
