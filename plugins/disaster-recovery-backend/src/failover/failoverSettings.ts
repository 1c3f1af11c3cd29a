import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  Fencer,
  PgConnection,
  readPgConnectionFromConfig,
  TrafficSwitch,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { FailoverTypeRegistry } from './failoverTypes';

type Config = RootConfigService;

/** How a target's old primary is turned into a standby of the new one. @public */
export type ReprotectSettings =
  | {
      type: 'local';
      /** Data directory of each configured server, as the backend reaches it. */
      dataDirs: { primary?: string; standby?: string };
      osUser?: string;
    }
  | {
      type: 'command';
      argv: string[];
      env?: Record<string, string>;
      timeoutMs?: number;
    };

/**
 * A target's failover settings (`disasterRecovery.targets.<name>.failover`): its fencers and
 * traffic switch (built fresh for each run, since a switch remembers what it paused), the
 * connection the verification write goes through, and how to reprotect.
 *
 * @public
 */
export interface TargetFailoverSettings {
  fencers(): Fencer[];
  trafficSwitch(): TrafficSwitch | undefined;
  /** Connection through the traffic switch for the verification write (default: the promoted server). */
  probe?: PgConnection;
  /** Replay lag beyond this fails preflight (`lag-beyond-rpo`). */
  rpoSeconds?: number;
  maxLagBytes?: number;
  replayTimeoutMs?: number;
  verifyTimeoutMs?: number;
  reprotect?: ReprotectSettings;
  /** Replication slot the reprotected standby streams from (default `dr_standby`). */
  slotName: string;
  /** Fall back to pg_basebackup when pg_rewind fails (default true). */
  allowBasebackup: boolean;
  /** Every secret of the block (passwords, tokens, command environments), to scrub. */
  secrets: string[];
}

const SECRET_KEY = /password|token|secret|accesskeyid|cadata/i;

/** Values of secret-looking keys and of every `env` block, anywhere in a config subtree. */
function collectSecrets(value: unknown, inEnv = false, out: string[] = []) {
  if (typeof value === 'string') {
    if (inEnv && value.length >= 3) out.push(value);
  } else if (Array.isArray(value)) {
    value.forEach(v => collectSecrets(v, inEnv, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && SECRET_KEY.test(k) && v) out.push(v);
      else collectSecrets(v, inEnv || k === 'env', out);
    }
  }
  return out;
}

function readReprotect(
  config: Config | undefined,
): ReprotectSettings | undefined {
  if (!config) return undefined;
  const type = config.getString('type');
  if (type === 'local') {
    return {
      type,
      dataDirs: {
        primary: config.getOptionalString('dataDirs.primary'),
        standby: config.getOptionalString('dataDirs.standby'),
      },
      osUser: config.getOptionalString('osUser'),
    };
  }
  if (type === 'command') {
    const env = config.getOptionalConfig('env');
    return {
      type,
      argv: config.getStringArray('argv'),
      env: env
        ? Object.fromEntries(env.keys().map(k => [k, env.getString(k)]))
        : undefined,
      timeoutMs: config.getOptionalNumber('timeoutMs'),
    };
  }
  throw new InputError(`reprotect.type must be local or command, not ${type}`);
}

/** Reads one target's `failover` block; builds its fencers and switch once to validate them. @public */
export function readTargetFailoverSettings(
  config: Config,
  registry: FailoverTypeRegistry,
): TargetFailoverSettings {
  const fencerBlocks = config.getOptionalConfigArray('fencers') ?? [];
  const fencerFactories = fencerBlocks.map(block => ({
    block,
    factory: registry.fencerFactory(block.getString('type')),
  }));
  const switchBlock = config.getOptionalConfig('switch');
  const switchFactory = switchBlock
    ? registry.switchFactory(switchBlock.getString('type'))
    : undefined;
  const probe = config.getOptionalConfig('probe');
  const settings: TargetFailoverSettings = {
    fencers: () => fencerFactories.map(f => f.factory(f.block)),
    trafficSwitch: () =>
      switchFactory && switchBlock ? switchFactory(switchBlock) : undefined,
    probe: probe ? readPgConnectionFromConfig(probe) : undefined,
    rpoSeconds: config.getOptionalNumber('rpoSeconds'),
    maxLagBytes: config.getOptionalNumber('maxLagBytes'),
    replayTimeoutMs: config.getOptionalNumber('replayTimeoutMs'),
    verifyTimeoutMs: config.getOptionalNumber('verifyTimeoutMs'),
    reprotect: readReprotect(config.getOptionalConfig('reprotect')),
    slotName: config.getOptionalString('slotName') ?? 'dr_standby',
    allowBasebackup: config.getOptionalBoolean('allowBasebackup') ?? true,
    secrets: collectSecrets(config.get()),
  };
  // the constructors validate their settings: a bad block stops the backend at start
  settings.fencers();
  settings.trafficSwitch();
  return settings;
}

/**
 * Reads the `failover` block of every target in `disasterRecovery.targets`, keyed by target
 * name; a target without one cannot be switched over or failed over.
 *
 * @public
 */
export function readFailoverSettings(
  config: Config,
  registry: FailoverTypeRegistry,
): Map<string, TargetFailoverSettings> {
  const result = new Map<string, TargetFailoverSettings>();
  const targets = config.getOptionalConfig('disasterRecovery.targets');
  for (const name of targets?.keys() ?? []) {
    const block = targets!.getOptionalConfig(`${name}.failover`);
    if (!block) continue;
    try {
      result.set(name, readTargetFailoverSettings(block, registry));
    } catch (error) {
      throw new InputError(
        `Invalid config disasterRecovery.targets.${name}.failover: ${
          (error as Error).message
        }`,
      );
    }
  }
  return result;
}
