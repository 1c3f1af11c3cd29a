import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import { scrubSecrets } from '../process/scrubSecrets';
import {
  FailoverActionContext,
  RecordedAction,
  SwitchEndpoint,
  TrafficSwitch,
} from './types';
import { recordAction } from './record';

/** Settings of the {@link KubernetesSwitch}. @public */
export interface KubernetesSwitchOptions {
  /** API server URL, e.g. `https://k8s.internal:6443`. */
  server: string;
  /** Bearer token of a service account allowed to patch these objects; never logged. */
  token?: string;
  /** PEM CA bundle of the API server, base64 as in a kubeconfig. */
  caData?: string;
  /** Skip TLS verification (test clusters only). */
  skipTlsVerify?: boolean;
  namespace: string;
  /** ConfigMap the application reads its database address from. */
  configMap?: {
    name: string;
    hostKey: string;
    portKey?: string;
    databaseKey?: string;
  };
  /** Service of type ExternalName the application connects through; its externalName becomes the new host. */
  service?: { name: string };
  /** Deployments scaled to 0 while paused and back to their replicas on resume (they restart with the new address). */
  deployments?: string[];
}

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

const mergePatch = () =>
  setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/**
 * Repoints applications on Kubernetes, as the plan's scripts do with kubectl: scales the
 * application's deployments to 0 (pause), patches a ConfigMap's host/port keys and an
 * ExternalName Service (repoint), and scales the deployments back (resume).
 * @public
 */
export class KubernetesSwitch implements TrafficSwitch {
  readonly type = 'kubernetes';
  private readonly options: KubernetesSwitchOptions;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly replicas = new Map<string, number>();

  constructor(options: KubernetesSwitchOptions) {
    if (!/^https?:\/\//.test(options.server ?? '')) {
      throw new InputError('kubernetes switch: server must be an http(s) URL');
    }
    const names = [
      options.namespace,
      options.configMap?.name,
      options.service?.name,
      ...(options.deployments ?? []),
    ].filter((n): n is string => n !== undefined);
    if (!options.namespace || names.some(n => !NAME.test(n))) {
      throw new InputError(
        'kubernetes switch: invalid namespace or object name',
      );
    }
    if (!options.configMap && !options.service) {
      throw new InputError(
        'kubernetes switch: configMap or service is required',
      );
    }
    this.options = options;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'dr',
          server: options.server,
          caData: options.caData,
          skipTLSVerify: options.skipTlsVerify ?? false,
        },
      ],
      users: [{ name: 'dr', token: options.token }],
      contexts: [{ name: 'dr', cluster: 'dr', user: 'dr' }],
      currentContext: 'dr',
    });
    this.core = kc.makeApiClient(CoreV1Api);
    this.apps = kc.makeApiClient(AppsV1Api);
  }

  describe(): string {
    return `Kubernetes ${this.options.server} namespace ${this.options.namespace}`;
  }

  private async call<T>(
    what: string,
    context: FailoverActionContext,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const e = error as Error & { code?: number; body?: unknown };
      throw new Error(
        `Kubernetes ${what} failed${
          e.code ? ` (HTTP ${e.code})` : ''
        }: ${scrubSecrets(e.message, [
          this.options.token ?? '',
          ...context.secrets,
        ]).slice(0, 500)}`,
      );
    }
  }

  async pause(context: FailoverActionContext): Promise<RecordedAction[]> {
    const { namespace } = this.options;
    const actions: RecordedAction[] = [];
    for (const name of this.options.deployments ?? []) {
      const scale = await this.call(`read scale of ${name}`, context, () =>
        this.apps.readNamespacedDeploymentScale({ name, namespace }),
      );
      const replicas = scale.spec?.replicas ?? 0;
      if (!this.replicas.has(name)) this.replicas.set(name, replicas);
      await this.call(`scale ${name}`, context, () =>
        this.apps.patchNamespacedDeploymentScale(
          { name, namespace, body: { spec: { replicas: 0 } } },
          mergePatch(),
        ),
      );
      actions.push(
        recordAction(
          'scale',
          `deployment ${namespace}/${name}: ${replicas} -> 0`,
        ),
      );
    }
    return actions;
  }

  async repoint(
    to: SwitchEndpoint,
    context: FailoverActionContext,
  ): Promise<RecordedAction[]> {
    const { namespace, configMap, service } = this.options;
    const actions: RecordedAction[] = [];
    if (configMap) {
      const data: Record<string, string> = { [configMap.hostKey]: to.host };
      if (configMap.portKey) data[configMap.portKey] = String(to.port);
      if (configMap.databaseKey) data[configMap.databaseKey] = to.database;
      await this.call(`patch ConfigMap ${configMap.name}`, context, () =>
        this.core.patchNamespacedConfigMap(
          { name: configMap.name, namespace, body: { data } },
          mergePatch(),
        ),
      );
      actions.push(
        recordAction(
          'patch-configmap',
          `configmap ${namespace}/${configMap.name}: ${Object.entries(data)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        ),
      );
    }
    if (service) {
      await this.call(`patch Service ${service.name}`, context, () =>
        this.core.patchNamespacedService(
          {
            name: service.name,
            namespace,
            body: { spec: { externalName: to.host } },
          },
          mergePatch(),
        ),
      );
      actions.push(
        recordAction(
          'patch-service',
          `service ${namespace}/${service.name}: externalName=${to.host}`,
        ),
      );
    }
    return actions;
  }

  async resume(context: FailoverActionContext): Promise<RecordedAction[]> {
    const { namespace } = this.options;
    const actions: RecordedAction[] = [];
    for (const name of this.options.deployments ?? []) {
      const replicas = this.replicas.get(name);
      if (replicas === undefined) continue;
      await this.call(`scale ${name}`, context, () =>
        this.apps.patchNamespacedDeploymentScale(
          { name, namespace, body: { spec: { replicas } } },
          mergePatch(),
        ),
      );
      this.replicas.delete(name);
      actions.push(
        recordAction(
          'scale',
          `deployment ${namespace}/${name}: 0 -> ${replicas}`,
        ),
      );
    }
    return actions;
  }
}
