import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { fromAuditorEvent, normalizeEntityRef } from './fromAuditorEvent';

const base = {
  plugin: 'provisioning',
  eventId: 'provisioning-run-apply',
  severityLevel: 'high' as const,
  actor: { actorId: 'user:default/noah.williams' },
};

describe('fromAuditorEvent', () => {
  it('keeps finished events only, with the conventional meta fields', () => {
    expect(
      fromAuditorEvent({ ...base, status: 'initiated', meta: {} }),
    ).toBeUndefined();
    const at = new Date('2026-12-01T10:00:00.000Z');
    expect(
      fromAuditorEvent(
        {
          ...base,
          status: 'succeeded',
          meta: {
            runId: 'r1',
            entityRef: 'payments-api',
            environment: 'prod',
            comment: 'CHG-1',
          },
        },
        at,
      ),
    ).toEqual({
      id: expect.any(String),
      occurredAt: '2026-12-01T10:00:00.000Z',
      plugin: 'provisioning',
      action: 'provisioning-run-apply',
      severity: 'high',
      result: 'succeeded',
      actor: 'user:default/noah.williams',
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      reason: 'CHG-1',
      before: undefined,
      after: undefined,
      error: undefined,
      meta: {
        runId: 'r1',
        entityRef: 'payments-api',
        environment: 'prod',
        comment: 'CHG-1',
      },
    });
  });

  it('tells denials from failures', () => {
    const denied = fromAuditorEvent({
      ...base,
      status: 'failed',
      error: new NotAllowedError('Not allowed: provisioning.run.apply'),
    });
    expect(denied).toMatchObject({
      result: 'denied',
      error: 'Not allowed: provisioning.run.apply',
    });
    expect(
      fromAuditorEvent({
        ...base,
        status: 'failed',
        error: new NotFoundError('No run'),
      }),
    ).toMatchObject({ result: 'failed', error: 'No run' });
  });

  it('normalises entity refs and ignores what is not one', () => {
    expect(normalizeEntityRef('Component:default/Payments-API')).toBe(
      'component:default/payments-api',
    );
    expect(normalizeEntityRef('group:team-a/x')).toBe('group:team-a/x');
    expect(normalizeEntityRef(42)).toBeUndefined();
    expect(normalizeEntityRef('component:')).toBeUndefined();
    expect(normalizeEntityRef('  ')).toBeUndefined();
  });
});
