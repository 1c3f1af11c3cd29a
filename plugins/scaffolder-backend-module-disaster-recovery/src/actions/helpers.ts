import {
  AuthService,
  BackstageCredentials,
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
  /**
   * The portal's base URL (app-config `app.baseUrl`): run links point to the run's evidence page
   * there (`/disaster-recovery/runs/:runId`), which a browser can open with the user's session.
   */
  appBaseUrl: string;
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

/** The portal URL of a recorded run's evidence page (the frontend plugin's `/disaster-recovery/runs/:runId`). */
export function runUrl(appBaseUrl: string, runId: string): string {
  return `${appBaseUrl.replace(
    /\/+$/,
    '',
  )}/disaster-recovery/runs/${encodeURIComponent(runId)}`;
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
