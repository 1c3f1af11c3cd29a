import { disasterRecoveryPlugin } from './plugin';

describe('disaster-recovery', () => {
  it('should export plugin', () => {
    expect(disasterRecoveryPlugin).toBeDefined();
  });
});
