import { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Request } from 'express';

/** Who asks for an operation, and how. @public */
export interface OperationCaller {
  credentials: BackstageCredentials;
  /** The HTTP request, for the audit event. */
  request?: Request;
  /**
   * The backend itself (scheduled verification): skips the permission check, which guards what
   * users and agents may do; the catalog lookup and everything else still apply.
   */
  trusted?: boolean;
  /** Where the call came from, for the audit event (`rest`, `actions-registry`, `scheduler`). */
  via?: string;
}
