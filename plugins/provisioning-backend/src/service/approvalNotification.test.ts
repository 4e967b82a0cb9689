import { approvalNotification } from './approvalNotification';

const run = (environment: string) => ({
  id: 'r1',
  entityRef: 'component:default/payments-api',
  service: 'payments-api',
  environment,
});

describe('approvalNotification', () => {
  it('goes to the production groups for a production run, linking to the Infrastructure tab', () => {
    expect(approvalNotification(run('prod'), ['group:default/sre'])).toEqual({
      recipients: { type: 'entity', entityRef: ['group:default/sre'] },
      payload: expect.objectContaining({
        title: 'payments-api prod: a provisioning run waits for approval',
        link: '/catalog/default/component/payments-api/infrastructure',
        severity: 'high',
        scope: 'provisioning:approval:r1',
      }),
    });
  });

  it('goes to the owners otherwise', () => {
    expect(
      approvalNotification(run('staging'), ['group:default/sre']).recipients,
    ).toEqual({ type: 'entity', entityRef: 'component:default/payments-api' });
  });
});
