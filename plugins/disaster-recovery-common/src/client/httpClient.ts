import { ResponseError } from '@backstage/errors';
import type { DrRequestOptions } from './types';

/** The backend plugin id the clients talk to. */
const PLUGIN_ID = 'disaster-recovery';

/** Query values: a number, a string, or a list (one parameter per element). */
type QueryValue = string | number | readonly string[] | undefined;

/** How a client finds and calls the backend. @public */
export interface DrHttpClientOptions {
  /** Finds the backend's base URL. */
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** The app's fetch (adds the user's token); the global `fetch` when absent. */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * The transport the disaster-recovery clients share: discovery finds the backend, `fetchApi`
 * sends the request, and a non-2xx answer throws a `ResponseError` whose message carries the
 * backend's own.
 *
 * @public
 */
export abstract class DrHttpClient {
  private readonly discoveryApi: DrHttpClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: DrHttpClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  /** Sends a request and reads the JSON answer. */
  protected async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: DrRequestOptions | undefined,
    body?: unknown,
  ): Promise<T> {
    const response = await this.send(method, path, options, body);
    return (await response.json()) as T;
  }

  /** Sends a request; a non-2xx answer throws a ResponseError carrying the backend's message. */
  protected async send(
    method: 'GET' | 'POST',
    path: string,
    options: DrRequestOptions | undefined,
    body?: unknown,
    accept = 'application/json',
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const headers: Record<string, string> = { Accept: accept };
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // The backend's own message (e.g. which run holds the lock) belongs in the task log and
      // the error panel, not only in `cause`.
      error.message = `disaster-recovery backend answered ${method} ${
        path.split('?')[0]
      } with ${error.statusCode}: ${error.cause.message}`;
      throw error;
    }
    return response;
  }
}

/** The path with the defined query values (lists repeat the key; numbers truncated). */
export function withQuery(
  path: string,
  query: Record<string, QueryValue>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) params.append(key, String(Math.trunc(value)));
    } else if (typeof value === 'string') {
      params.append(key, value);
    } else {
      for (const item of value) params.append(key, item);
    }
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
