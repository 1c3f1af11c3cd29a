import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who a caller is, as every record of this plugin names them (a run's `initiatedBy`, a training
 * record's `recordedBy`): a user by their entity ref (`user:default/jane`), a service by its
 * subject under `service:` (`service:plugin:scaffolder`, `service:external:ci`), so a service can
 * never be mistaken for an entity ref; an anonymous caller as `none`.
 *
 * @public
 */
export function principalRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) {
    return p.userEntityRef;
  }
  if (p.type === 'service') {
    return `service:${p.subject || 'unknown'}`;
  }
  return p.type === 'none' ? 'none' : `${p.type}:unknown`;
}
