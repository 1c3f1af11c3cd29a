import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { Fencer } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { FailoverTypeRegistry } from './failoverTypes';
import { readFailoverSettings } from './failoverSettings';

function config(failover: JsonObject) {
  return new ConfigReader({
    disasterRecovery: { targets: { shop: { failover }, plain: {} } },
  });
}

describe('readFailoverSettings', () => {
  it('builds fencers and switch from config, fresh for each run, and collects every secret', () => {
    const settings = readFailoverSettings(
      config({
        fencers: [
          { type: 'sql', roles: ['app'] },
          {
            type: 'command',
            argv: ['/usr/local/bin/stonith', 'db-1'],
            env: { API_TOKEN: 'tok-123456' },
          },
        ],
        switch: {
          type: 'pgbouncer',
          host: '127.0.0.1',
          port: 6432,
          adminUser: 'pgbouncer',
          adminPassword: 'admin-secret',
          database: 'shop',
          configFile: '/etc/pgbouncer/pgbouncer.ini',
        },
        probe: {
          host: '127.0.0.1',
          port: 6432,
          user: 'app',
          password: 'probe-secret',
          database: 'shop',
        },
        reprotect: { type: 'command', argv: ['/usr/local/bin/rejoin'] },
      }),
      new FailoverTypeRegistry(),
    );
    expect([...settings.keys()]).toEqual(['shop']);
    const shop = settings.get('shop')!;
    expect(shop.fencers().map(f => f.type)).toEqual(['sql', 'command']);
    expect(shop.trafficSwitch()).not.toBe(shop.trafficSwitch());
    expect(shop.trafficSwitch()?.type).toBe('pgbouncer');
    expect(shop.secrets.sort()).toEqual(
      ['admin-secret', 'probe-secret', 'tok-123456'].sort(),
    );
    expect(shop.slotName).toBe('dr_standby');
    expect(shop.reprotect).toEqual({
      type: 'command',
      argv: ['/usr/local/bin/rejoin'],
      env: undefined,
      timeoutMs: undefined,
    });
  });

  it('names the target and the problem when a block is invalid', () => {
    const registry = new FailoverTypeRegistry();
    expect(() =>
      readFailoverSettings(config({ fencers: [{ type: 'ipmi' }] }), registry),
    ).toThrow(
      /disasterRecovery\.targets\.shop\.failover: Unknown fencer type "ipmi"; known: sql, command/,
    );
    expect(() =>
      readFailoverSettings(
        config({ fencers: [{ type: 'command', argv: [] }] }),
        registry,
      ),
    ).toThrow(/argv must be a non-empty array/);
  });

  it('builds the fencer types a module added through the extension point', () => {
    const registry = new FailoverTypeRegistry();
    const fencer: Fencer = {
      type: 'ipmi',
      describe: () => 'IPMI power off',
      fence: async () => ({ type: 'ipmi', fenced: true, actions: [] }),
    };
    registry.addFencerType('ipmi', () => fencer);
    expect(() => registry.addFencerType('sql', () => fencer)).toThrow(
      /already registered/,
    );
    const settings = readFailoverSettings(
      config({ fencers: [{ type: 'ipmi' }] }),
      registry,
    );
    expect(settings.get('shop')!.fencers()).toEqual([fencer]);
  });
});
