import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** The recovery operations the disaster-recovery backend executes. @public */
export type RecoveryOperation =
  | 'backup'
  | 'verify'
  | 'restore'
  | 'restore-tenant'
  | 'restore-pitr'
  | 'discard-copy';

/** Body of `POST /operations` on the disaster-recovery backend. @public */
export interface StartOperationRequest {
  operation: RecoveryOperation;
  entityRef: string;
  dryRun?: boolean;
  parameters: Record<string, unknown>;
  idempotencyKey?: string;
}

/** Options of every call: the credentials the backend checks permissions with. @public */
export interface DisasterRecoveryRequestOptions {
  credentials: BackstageCredentials;
}

/** What the scaffolder actions need from the disaster-recovery backend. @public */
export interface DisasterRecoveryApi {
  /** Starts (or plans, when `dryRun`) an operation; the same idempotency key returns the same run. */
  startOperation(
    request: StartOperationRequest,
    options: DisasterRecoveryRequestOptions,
  ): Promise<RecoveryRun>;
  /** Reads a run with its live step progress. */
  getRun(
    runId: string,
    options: DisasterRecoveryRequestOptions,
  ): Promise<RecoveryRun>;
  /** Asks the backend to cancel a running run. */
  cancelRun(
    runId: string,
    options: DisasterRecoveryRequestOptions,
  ): Promise<RecoveryRun>;
  /** External URL of a run, for links in task output. */
  runUrl(runId: string): Promise<string>;
}

const PLUGIN_ID = 'disaster-recovery';

/**
 * HTTP client of the disaster-recovery backend's operation routes, calling it on behalf of the
 * task's initiator (so the backend checks the initiator's permissions, not the scaffolder's).
 *
 * @public
 */
export class DisasterRecoveryApiClient implements DisasterRecoveryApi {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
  }

  async startOperation(
    request: StartOperationRequest,
    options: DisasterRecoveryRequestOptions,
  ): Promise<RecoveryRun> {
    const body = await this.request<{ run: RecoveryRun }>(
      'POST',
      '/operations',
      options,
      request,
    );
    return body.run;
  }

  async getRun(
    runId: string,
    options: DisasterRecoveryRequestOptions,
  ): Promise<RecoveryRun> {
    return this.request<RecoveryRun>(
      'GET',
      `/runs/${encodeURIComponent(runId)}`,
      options,
    );
  }

  async cancelRun(
    runId: string,
    options: DisasterRecoveryRequestOptions,
  ): Promise<RecoveryRun> {
    const body = await this.request<{ run: RecoveryRun }>(
      'POST',
      `/runs/${encodeURIComponent(runId)}/cancel`,
      options,
    );
    return body.run;
  }

  async runUrl(runId: string): Promise<string> {
    const base = await this.discovery.getExternalBaseUrl(PLUGIN_ID);
    return `${base}/runs/${encodeURIComponent(runId)}`;
  }

  /**
   * Authenticated JSON request to any route of the disaster-recovery backend, on behalf of
   * `options.credentials`; a non-2xx answer throws with the backend's own message.
   */
  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: DisasterRecoveryRequestOptions,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl(PLUGIN_ID);
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: PLUGIN_ID,
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // Surface the backend's own message (e.g. which run holds the lock) in the task log.
      const failure = new Error(
        `disaster-recovery backend answered ${method} ${path} with ${response.status}: ${error.cause.message}`,
        { cause: error },
      );
      failure.name = error.cause.name;
      throw failure;
    }
    return (await response.json()) as T;
  }
}
