import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  DisasterRecoveryApi,
  DrRequestOptions,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** The backend plugin the actions call. */
const PLUGIN_ID = 'disaster-recovery';

/** What every action of this module is created with. @public */
export interface DisasterRecoveryActionOptions {
  /** Client of the disaster-recovery backend (the shared `DisasterRecoveryClient`). */
  api: DisasterRecoveryApi;
  /** Issues the tokens the actions call the backend with, on behalf of the task's initiator. */
  auth: AuthService;
  /** Gives the backend's external URL, for links to recorded runs. */
  discovery: Pick<DiscoveryService, 'getExternalBaseUrl'>;
  /** How often to poll a running run (default 2 s). */
  pollIntervalMs?: number;
}

/**
 * Request options that call the backend on behalf of the task's initiator (so the backend checks
 * the initiator's permissions, not the scaffolder's).
 */
export async function onBehalfOf(
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
  auth: AuthService,
): Promise<DrRequestOptions> {
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await ctx.getInitiatorCredentials(),
    targetPluginId: PLUGIN_ID,
  });
  return { token };
}

/** External URL of a recorded run, for links in task output. */
export async function runUrl(
  discovery: Pick<DiscoveryService, 'getExternalBaseUrl'>,
  runId: string,
): Promise<string> {
  const base = await discovery.getExternalBaseUrl(PLUGIN_ID);
  return `${base}/runs/${encodeURIComponent(runId)}`;
}

/**
 * The key that makes a side effect of this step happen once per task, even when the task is
 * retried: the step id (or the action id) and, inside `each`, the item.
 */
export function stepKey(
  ctx: { step?: { id?: string }; each?: unknown },
  actionId: string,
): string {
  const eachSuffix = ctx.each ? `:${JSON.stringify(ctx.each)}` : '';
  return `${ctx.step?.id ?? actionId}${eachSuffix}`;
}
