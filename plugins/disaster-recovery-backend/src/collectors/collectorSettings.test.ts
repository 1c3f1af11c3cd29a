import { ConfigReader } from '@backstage/config';
import { readCollectorSettings } from './collectorSettings';

describe('readCollectorSettings', () => {
  it('defaults every collector to on with a schedule', () => {
    const settings = readCollectorSettings(new ConfigReader({}));
    expect(settings.s3Index).toEqual({
      enabled: true,
      schedule: expect.objectContaining({ frequency: { minutes: 5 } }),
    });
    expect(settings.replication.schedule.frequency).toEqual({ minutes: 1 });
    expect(settings.s3FullRescanEveryMs).toBe(24 * 3600_000);
    expect(settings.s3OpenForMs).toBe(48 * 3600_000);
  });

  it('reads schedules, switches and the full rescan interval from config', () => {
    const settings = readCollectorSettings(
      new ConfigReader({
        disasterRecovery: {
          collectors: {
            s3Index: {
              schedule: { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
              fullRescanEvery: '12h',
              openFor: '3d',
            },
            posture: { enabled: false },
          },
        },
      }),
    );
    expect(settings.s3Index.schedule.frequency).toEqual({ minutes: 10 });
    expect(settings.s3FullRescanEveryMs).toBe(12 * 3600_000);
    expect(settings.s3OpenForMs).toBe(72 * 3600_000);
    expect(settings.posture.enabled).toBe(false);
  });

  it('refuses a full rescan interval that is not a duration', () => {
    expect(() =>
      readCollectorSettings(
        new ConfigReader({
          disasterRecovery: {
            collectors: { s3Index: { fullRescanEvery: 'often' } },
          },
        }),
      ),
    ).toThrow(/fullRescanEvery: 'often' is not a positive duration/);
    expect(() =>
      readCollectorSettings(
        new ConfigReader({
          disasterRecovery: { collectors: { s3Index: { openFor: '-1d' } } },
        }),
      ),
    ).toThrow(/openFor: '-1d' is not a positive duration/);
  });
});
