import { ActivityEvent } from '@internal/plugin-activity-common';
import { changesOf, linkOf, shortRef } from './format';

const event = (overrides: Partial<ActivityEvent>): ActivityEvent => ({
  id: '1',
  occurredAt: '2026-12-01T10:00:00.000Z',
  plugin: 'deployments',
  action: 'deployment-rollback',
  severity: 'medium',
  result: 'succeeded',
  ...overrides,
});

describe('activity formatting', () => {
  it('shows what changed, with short commit ids', () => {
    expect(
      changesOf(
        event({
          before: {
            revision: 'b'.repeat(40),
            autoSync: true,
            health: 'Healthy',
          },
          after: {
            revision: 'a'.repeat(40),
            autoSync: false,
            health: 'Healthy',
          },
        }),
      ),
    ).toEqual(['revision: bbbbbbb → aaaaaaa', 'autoSync: true → false']);
    expect(changesOf(event({ after: 'applied' }))).toEqual(['– → applied']);
    expect(changesOf(event({}))).toEqual([]);
  });

  it("links to the entity's tab of the plugin, or its page", () => {
    expect(linkOf(event({ entityRef: 'component:default/payments-api' }))).toBe(
      '/catalog/default/component/payments-api/deployments',
    );
    expect(
      linkOf(
        event({
          plugin: 'provisioning',
          entityRef: 'component:default/payments-api',
        }),
      ),
    ).toBe('/catalog/default/component/payments-api/infrastructure');
    expect(
      linkOf(event({ plugin: 'other', entityRef: 'component:team/x' })),
    ).toBe('/catalog/team/component/x');
    expect(linkOf(event({}))).toBeUndefined();
    expect(shortRef('user:default/lena.fischer')).toBe('lena.fischer');
  });
});
