import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  CommandFencer,
  DisasterRecoveryFailoverExtensionPoint,
  FencerFactory,
  KubernetesSwitch,
  PgBouncerSwitch,
  Route53Switch,
  SqlFencer,
  TrafficSwitchFactory,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';

type Config = RootConfigService;

function stringRecord(
  config: Config,
  key: string,
): Record<string, string> | undefined {
  const block = config.getOptionalConfig(key);
  if (!block) return undefined;
  return Object.fromEntries(block.keys().map(k => [k, block.getString(k)]));
}

const builtInFencers: Record<string, FencerFactory> = {
  sql: config =>
    new SqlFencer({
      databases: config.getOptionalStringArray('databases'),
      roles: config.getOptionalStringArray('roles'),
      terminateTimeoutMs: config.getOptionalNumber('terminateTimeoutMs'),
    }),
  command: config =>
    new CommandFencer({
      argv: config.getStringArray('argv'),
      env: stringRecord(config, 'env'),
      runWhenUnreachable: config.getOptionalBoolean('runWhenUnreachable'),
      timeoutMs: config.getOptionalNumber('timeoutMs'),
    }),
};

const builtInSwitches: Record<string, TrafficSwitchFactory> = {
  pgbouncer: config =>
    new PgBouncerSwitch({
      host: config.getString('host'),
      port: config.getNumber('port'),
      adminUser: config.getString('adminUser'),
      adminPassword: config.getOptionalString('adminPassword'),
      database: config.getString('database'),
      configFile: config.getString('configFile'),
      pauseTimeoutMs: config.getOptionalNumber('pauseTimeoutMs'),
    }),
  kubernetes: config => {
    const configMap = config.getOptionalConfig('configMap');
    const service = config.getOptionalConfig('service');
    return new KubernetesSwitch({
      server: config.getString('server'),
      token: config.getOptionalString('token'),
      caData: config.getOptionalString('caData'),
      skipTlsVerify: config.getOptionalBoolean('skipTlsVerify'),
      namespace: config.getString('namespace'),
      configMap: configMap
        ? {
            name: configMap.getString('name'),
            hostKey: configMap.getString('hostKey'),
            portKey: configMap.getOptionalString('portKey'),
            databaseKey: configMap.getOptionalString('databaseKey'),
          }
        : undefined,
      service: service ? { name: service.getString('name') } : undefined,
      deployments: config.getOptionalStringArray('deployments'),
    });
  },
  route53: config =>
    new Route53Switch({
      hostedZoneId: config.getString('hostedZoneId'),
      recordName: config.getString('recordName'),
      recordType: config.getOptionalString('recordType') as
        | 'CNAME'
        | 'A'
        | undefined,
      ttl: config.getOptionalNumber('ttl'),
      region: config.getOptionalString('region'),
      endpoint: config.getOptionalString('endpoint'),
      accessKeyId: config.getOptionalString('accessKeyId'),
      secretAccessKey: config.getOptionalString('secretAccessKey'),
      pollIntervalMs: config.getOptionalNumber('pollIntervalMs'),
      timeoutMs: config.getOptionalNumber('timeoutMs'),
    }),
};

const TYPE = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The fencer and traffic-switch types a target's `failover` block may name: the built-in `sql`
 * and `command` fencers and `pgbouncer`, `kubernetes` and `route53` switches, and those that
 * modules add through the failover extension point.
 *
 * @public
 */
export class FailoverTypeRegistry
  implements DisasterRecoveryFailoverExtensionPoint
{
  private readonly fencers = new Map(Object.entries(builtInFencers));
  private readonly switches = new Map(Object.entries(builtInSwitches));

  addFencerType(type: string, factory: FencerFactory): void {
    this.add(this.fencers, 'fencer', type, factory);
  }

  addTrafficSwitchType(type: string, factory: TrafficSwitchFactory): void {
    this.add(this.switches, 'traffic switch', type, factory);
  }

  /** The factory of a fencer type; InputError naming the known ones when there is none. */
  fencerFactory(type: string): FencerFactory {
    return this.get(this.fencers, 'fencer', type);
  }

  /** The factory of a traffic switch type; InputError naming the known ones when there is none. */
  switchFactory(type: string): TrafficSwitchFactory {
    return this.get(this.switches, 'traffic switch', type);
  }

  private add<F>(map: Map<string, F>, what: string, type: string, f: F) {
    if (!TYPE.test(type)) {
      throw new InputError(`Invalid ${what} type ${JSON.stringify(type)}`);
    }
    if (map.has(type)) {
      throw new InputError(`The ${what} type ${type} is already registered`);
    }
    map.set(type, f);
  }

  private get<F>(map: Map<string, F>, what: string, type: string): F {
    const factory = map.get(type);
    if (!factory) {
      throw new InputError(
        `Unknown ${what} type ${JSON.stringify(type)}; known: ${[
          ...map.keys(),
        ].join(', ')}`,
      );
    }
    return factory;
  }
}
