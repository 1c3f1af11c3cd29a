import { incidentResponseTimes } from './responseTimes';

describe('incidentResponseTimes', () => {
  it('measures acknowledgement and first update from the declaration', () => {
    expect(
      incidentResponseTimes({
        declaredAt: '2026-01-22T10:35:00.000Z',
        acknowledgedAt: '2026-01-22T10:38:30.000Z',
        firstUpdateAt: '2026-01-22T10:47:00.000Z',
      }),
    ).toEqual({ timeToAcknowledgeSeconds: 210, timeToFirstUpdateSeconds: 720 });
  });

  it('leaves out what has not happened yet', () => {
    expect(
      incidentResponseTimes({ declaredAt: '2026-01-22T10:35:00.000Z' }),
    ).toEqual({});
  });
});
