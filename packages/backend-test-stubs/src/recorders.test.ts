import { InputError } from '@backstage/errors';
import { mockServices } from './mockServices';

describe('auditor', () => {
  it('records each event with its outcome, the last meta and the failure', async () => {
    const auditor = mockServices.auditor();
    const ok = await auditor.createEvent({
      eventId: 'rollback',
      severityLevel: 'high',
      meta: { reason: 'x' },
    });
    await ok.success({ meta: { after: 'a' } });
    const bad = await auditor.createEvent({ eventId: 'promote' });
    await bad.fail({ error: new InputError('no') });
    expect(auditor.events).toEqual([
      {
        eventId: 'rollback',
        severityLevel: 'high',
        meta: { after: 'a' },
        outcome: 'success',
      },
      { eventId: 'promote', outcome: 'fail', error: 'no' },
    ]);
  });
});

describe('logger', () => {
  it('keeps the lines of itself and its children, with their meta', () => {
    const logger = mockServices.logger();
    logger.child({ plugin: 'x' }).warn('slow', { ms: 3 });
    logger.debug('detail');
    expect(logger.lines).toEqual([
      { level: 'warn', message: 'slow', meta: { plugin: 'x', ms: 3 } },
      { level: 'debug', message: 'detail' },
    ]);
    expect(logger.messages('info')).toEqual(['slow']);
  });
});

describe('cache', () => {
  it('copies values and expires them after their TTL', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const cache = mockServices.cache();
      const value = { n: 1 };
      await cache.set('k', value, { ttl: 1000 });
      value.n = 2;
      await expect(cache.get('k')).resolves.toEqual({ n: 1 });
      jest.setSystemTime(1000);
      await expect(cache.get('k')).resolves.toBeUndefined();
      await cache.withOptions({ defaultTtl: { seconds: 5 } }).set('d', 1);
      jest.setSystemTime(5999);
      await expect(cache.get('d')).resolves.toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('scheduler, notifications and signals', () => {
  it('runs a scheduled task only when triggered', async () => {
    const scheduler = mockServices.scheduler();
    const runs: string[] = [];
    await scheduler
      .createScheduledTaskRunner({
        frequency: { minutes: 1 },
        timeout: { minutes: 1 },
      })
      .run({ id: 'sweep', fn: async () => void runs.push('sweep') });
    expect(runs).toEqual([]);
    await scheduler.triggerTask('sweep');
    expect(runs).toEqual(['sweep']);
    await expect(scheduler.triggerTask('other')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('keeps what was sent and published', async () => {
    const notifications = mockServices.notifications();
    const signals = mockServices.signals();
    const recipients = {
      type: 'entity' as const,
      entityRef: 'group:default/sre',
    };
    await notifications.send({ recipients, payload: { title: 'hi' } });
    await signals.publish({
      recipients: { type: 'broadcast' },
      channel: 'c',
      message: { a: 1 },
    });
    expect(notifications.sent).toEqual([
      { recipients, payload: { title: 'hi' } },
    ]);
    expect(signals.published.map(s => s.channel)).toEqual(['c']);
  });
});
