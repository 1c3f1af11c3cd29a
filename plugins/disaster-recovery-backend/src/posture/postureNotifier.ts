import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CheckResult } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** Notification topic of posture transitions. */
export const POSTURE_NOTIFICATION_TOPIC = 'disaster-recovery-posture';

/** The catalog page of an entity (relative link, as the notifications frontend expects). */
function entityLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;
}

/**
 * Tells an entity's owner that checks of its DR posture turned fail, in one notification per
 * entity and evaluation (scoped by entity, so a later one replaces an unread earlier one).
 */
export async function notifyNewFailures(options: {
  notifications: NotificationService;
  logger: LoggerService;
  entityRef: string;
  title: string;
  owner?: string;
  failing: CheckResult[];
}): Promise<boolean> {
  const { failing, owner } = options;
  if (!failing.length || !owner) return false;
  const names = failing.map(c => c.title).join(', ');
  try {
    await options.notifications.send({
      recipients: { type: 'entity', entityRef: owner },
      payload: {
        title: `DR posture of ${options.title}: ${names} now failing`,
        description: failing.map(c => `${c.title}: ${c.reason}`).join('\n'),
        link: entityLink(options.entityRef),
        severity: 'high',
        topic: POSTURE_NOTIFICATION_TOPIC,
        scope: `disaster-recovery-posture:${options.entityRef}`,
      },
    });
    return true;
  } catch (error) {
    options.logger.warn(
      `Could not notify ${owner} about the posture of ${options.entityRef}: ${error}`,
    );
    return false;
  }
}
