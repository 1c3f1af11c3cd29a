import { tenantPosture } from '../../__testUtils__/fixtures';
import { objectiveRows } from './ObjectivesCard';

describe('objectiveRows', () => {
  const availabilityRow = (posture: ReturnType<typeof tenantPosture>) =>
    objectiveRows(posture, []).find(r => r.objective === 'Availability')!;

  it('shows the measured availability with the error budget left and the burn rate', () => {
    const posture = tenantPosture();
    posture.checks.push({
      id: 'availability',
      title: 'Availability',
      status: 'warn',
      reason:
        '36m of downtime in the last 30d from INC-2026-001 (SEV-0) (weighted by severity, overlaps counted once): 7m 12s of 43m 12s error budget left (17 %); burn rate 0x over 1d.',
      target: '>= 99.9 % over 30d',
      measured:
        '99.917 %; 7m 12s of 43m 12s error budget left (17 %); burn rate 0x over 1d',
      evidence: [{ kind: 'incident', id: 'INC-2026-001' }],
    });
    expect(availabilityRow(posture)).toEqual({
      objective: 'Availability',
      target: '>= 99.9 % over 30d',
      measured:
        '99.917 %; 7m 12s of 43m 12s error budget left (17 %); burn rate 0x over 1d',
      status: 'warn',
      basis: expect.stringMatching(/^availability check: 36m of downtime/),
    });
  });

  it('is unknown with the tier target when the posture has no availability check', () => {
    expect(availabilityRow(tenantPosture())).toMatchObject({
      target: '99.9 %',
      status: 'unknown',
      basis: 'no availability check',
    });
  });
});
