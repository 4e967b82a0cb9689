import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type {
  SignalPayload,
  SignalsService,
} from '@backstage/plugin-signals-node';

export interface NotificationsStub extends NotificationService {
  readonly sent: NotificationSendOptions[];
}

/** Keeps what was sent, in order. */
export function notifications(): NotificationsStub {
  const sent: NotificationSendOptions[] = [];
  return {
    sent,
    async send(options) {
      sent.push(options);
    },
  };
}

export interface SignalsStub extends SignalsService {
  readonly published: SignalPayload[];
}

/** Keeps what was published, in order. */
export function signals(): SignalsStub {
  const published: SignalPayload[] = [];
  return {
    published,
    async publish(signal) {
      published.push(signal as SignalPayload);
    },
  };
}
