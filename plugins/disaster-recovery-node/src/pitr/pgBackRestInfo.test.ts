import { parsePgBackRestInfo } from './pgBackRestInfo';

const INFO = JSON.stringify([
  {
    archive: [
      {
        database: { id: 1 },
        id: '15-1',
        max: '000000010000000000000005',
        min: '000000010000000000000001',
      },
    ],
    backup: [
      {
        archive: {
          start: '000000010000000000000003',
          stop: '000000010000000000000003',
        },
        error: false,
        info: {
          delta: 31114128,
          repository: { delta: 6119384, size: 6119384 },
          size: 31114128,
        },
        label: '20251125-140728F',
        timestamp: { start: 1764079648, stop: 1764079651 },
        type: 'full',
      },
      {
        archive: {
          start: '000000010000000000000005',
          stop: '000000010000000000000005',
        },
        error: true,
        info: { size: 100, repository: { size: 50 } },
        label: '20251125-150000F_20251125-151000I',
        timestamp: { start: 1764083400, stop: 1764083460 },
        type: 'incr',
      },
    ],
    name: 'demo',
    status: { code: 0, message: 'ok' },
  },
]);

describe('parsePgBackRestInfo', () => {
  it('reads backups and the archive range', () => {
    const info = parsePgBackRestInfo(INFO, 'demo');
    expect(info.status).toEqual({ code: 0, message: 'ok' });
    expect(info.archive).toEqual({
      min: '000000010000000000000001',
      max: '000000010000000000000005',
    });
    expect(info.backups[0]).toEqual({
      label: '20251125-140728F',
      type: 'full',
      startedAt: '2025-11-25T14:07:28.000Z',
      stoppedAt: '2025-11-25T14:07:31.000Z',
      sizeBytes: 31114128,
      repoSizeBytes: 6119384,
      walStart: '000000010000000000000003',
      walStop: '000000010000000000000003',
      error: undefined,
    });
    expect(info.backups[1]).toMatchObject({ type: 'incr', error: true });
  });

  it('fails on another stanza or bad JSON', () => {
    expect(() => parsePgBackRestInfo(INFO, 'other')).toThrow(/no stanza other/);
    expect(() => parsePgBackRestInfo('oops', 'demo')).toThrow(/valid JSON/);
  });
});
