import {
  HOUR,
  DAY,
  ago,
  tenant,
  check,
  backup,
} from '../__testUtils__/evaluate';

describe('evaluate', () => {
  describe('cross-region copy', () => {
    it('passes a fresh copy outside the primary region and fails one only in the primary', () => {
      expect(
        check(
          tenant({
            crossRegionCopies: [{ region: 'eu-west-1', takenAt: ago(HOUR) }],
          }),
          'cross-region-copy',
        ).status,
      ).toBe('pass');
      expect(
        check(
          tenant({
            crossRegionCopies: [{ region: 'us-east-1', takenAt: ago(HOUR) }],
          }),
          'cross-region-copy',
        ).status,
      ).toBe('fail');
      expect(
        check(tenant({ crossRegionCopies: [] }), 'cross-region-copy').status,
      ).toBe('fail');
    });

    it('fails a stale copy and accepts backups stored in another region', () => {
      expect(
        check(
          tenant({
            crossRegionCopies: [{ region: 'eu-west-1', takenAt: ago(2 * DAY) }],
          }),
          'cross-region-copy',
        ).status,
      ).toBe('fail');
      expect(
        check(
          tenant({ backups: [backup('b', HOUR, { region: 'us-west-2' })] }),
          'cross-region-copy',
        ).status,
      ).toBe('pass');
    });
  });
});
