import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';

/** A notification service that keeps what it was asked to send. */
export function notificationsMock() {
  const sent: NotificationSendOptions[] = [];
  const service = {
    send: async (options: NotificationSendOptions) => {
      sent.push(options);
    },
  };
  return {
    sent,
    service,
    factory: createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => service,
    }),
  };
}
