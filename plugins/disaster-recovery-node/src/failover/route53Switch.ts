import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { InputError } from '@backstage/errors';
import { scrubSecrets } from '../process/scrubSecrets';
import { sleepFor } from './sleep';
import {
  FailoverActionContext,
  RecordedAction,
  SwitchEndpoint,
  TrafficSwitch,
} from './types';
import { recordAction } from './record';

/** Settings of the {@link Route53Switch}. @public */
export interface Route53SwitchOptions {
  hostedZoneId: string;
  /** The record clients resolve, e.g. `db.shop.example.com`. */
  recordName: string;
  /** `CNAME` (default; the new host name) or `A` (the new host must be an IPv4 address). */
  recordType?: 'CNAME' | 'A';
  /** TTL of the record in seconds (default 30). */
  ttl?: number;
  region?: string;
  /** Custom endpoint (tests). */
  endpoint?: string;
  /** Static credentials; omit to use the AWS default chain. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** How often GetChange is polled until INSYNC, in ms (default 5000). */
  pollIntervalMs?: number;
  /** Longest wait for INSYNC, in ms (default 300000). */
  timeoutMs?: number;
}

/**
 * Repoints clients through a Route 53 record: an UPSERT of the record to the new server, then
 * GetChange polled until the change is INSYNC. DNS cannot pause clients; pause and resume
 * record that and do nothing.
 * @public
 */
export class Route53Switch implements TrafficSwitch {
  readonly type = 'route53';
  private readonly options: Route53SwitchOptions;
  private readonly client: Route53Client;

  constructor(options: Route53SwitchOptions) {
    if (!/^[A-Z0-9]{1,32}$/.test(options.hostedZoneId ?? '')) {
      throw new InputError('route53 switch: hostedZoneId is invalid');
    }
    if (!/^[A-Za-z0-9.*_-]{1,253}\.?$/.test(options.recordName ?? '')) {
      throw new InputError('route53 switch: recordName is invalid');
    }
    if (options.recordType && !['CNAME', 'A'].includes(options.recordType)) {
      throw new InputError('route53 switch: recordType must be CNAME or A');
    }
    this.options = options;
    this.client = new Route53Client({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
            }
          : undefined,
    });
  }

  describe(): string {
    return `Route 53 ${this.options.recordType ?? 'CNAME'} ${
      this.options.recordName
    }`;
  }

  async pause(): Promise<RecordedAction[]> {
    return [recordAction('pause', 'DNS cannot pause clients; nothing to do')];
  }

  async resume(): Promise<RecordedAction[]> {
    return [recordAction('resume', 'DNS cannot pause clients; nothing to do')];
  }

  async repoint(
    to: SwitchEndpoint,
    context: FailoverActionContext,
  ): Promise<RecordedAction[]> {
    const type = this.options.recordType ?? 'CNAME';
    if (type === 'A' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(to.host)) {
      throw new InputError(
        `route53 switch: an A record needs an IPv4 address, not ${to.host}`,
      );
    }
    const secrets = [this.options.secretAccessKey ?? '', ...context.secrets];
    const fail = (what: string, error: unknown): never => {
      throw new Error(
        `Route 53 ${what} failed: ${scrubSecrets(
          (error as Error).message,
          secrets,
        )}`,
      );
    };
    const changed = await this.client
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: this.options.hostedZoneId,
          ChangeBatch: {
            Comment: `disaster recovery: repoint to ${to.host}:${to.port}`,
            Changes: [
              {
                Action: 'UPSERT',
                ResourceRecordSet: {
                  Name: this.options.recordName,
                  Type: type,
                  TTL: this.options.ttl ?? 30,
                  ResourceRecords: [{ Value: to.host }],
                },
              },
            ],
          },
        }),
        { abortSignal: context.signal },
      )
      .catch(e => fail('ChangeResourceRecordSets', e));
    const id = changed.ChangeInfo?.Id;
    if (!id) throw new Error('Route 53 returned no change id');
    const actions = [
      recordAction(
        'upsert-record',
        `${type} ${this.options.recordName} -> ${to.host} (change ${id})`,
      ),
    ];
    const deadline = Date.now() + (this.options.timeoutMs ?? 300_000);
    let status = changed.ChangeInfo?.Status;
    while (status !== 'INSYNC') {
      if (Date.now() > deadline) {
        throw new Error(
          `Route 53 change ${id} is still ${status} after ${
            this.options.timeoutMs ?? 300_000
          } ms`,
        );
      }
      await sleepFor(this.options.pollIntervalMs ?? 5000, context.signal);
      const got = await this.client
        .send(new GetChangeCommand({ Id: id }), { abortSignal: context.signal })
        .catch(e => fail('GetChange', e));
      status = got.ChangeInfo?.Status;
    }
    actions.push(recordAction('insync', `change ${id} is INSYNC`));
    return actions;
  }
}
