import { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { applyTopology, configuredRoles } from './targetTopology';

const server = (port: number) => ({
  host: '127.0.0.1',
  port,
  user: 'postgres',
  database: 'shop',
});

const target: DatabaseTarget = {
  name: 'shop',
  primary: server(5432),
  standby: server(5433),
  s3: { region: 'us-east-1', bucket: 'backups', prefix: 'shop' },
};

describe('applyTopology', () => {
  it('keeps the configured roles when no run changed them', () => {
    expect(applyTopology(target)).toEqual(target);
    expect(configuredRoles(target)).toEqual({
      primaryServer: 'primary',
      standbyServer: 'standby',
    });
  });

  it('acts on the promoted server with no standby after a promotion, and with the old primary as standby after reprotect', () => {
    const promoted = applyTopology(target, { primaryServer: 'standby' });
    expect(promoted.primary.port).toBe(5433);
    expect(promoted.standby).toBeUndefined();
    const reprotected = applyTopology(target, {
      primaryServer: 'standby',
      standbyServer: 'primary',
    });
    expect(reprotected.primary.port).toBe(5433);
    expect(reprotected.standby?.port).toBe(5432);
  });

  it('refuses a recorded primary that is not configured', () => {
    expect(() =>
      applyTopology(
        { ...target, standby: undefined },
        { primaryServer: 'standby' },
      ),
    ).toThrow(/no such server is configured/);
  });
});
