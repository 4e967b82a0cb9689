import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { ActivityApi, activityApiRef } from '../../api';
import { EntityActivityContent } from './EntityActivityContent';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

function mockApi(): jest.Mocked<ActivityApi> {
  return {
    getEntityActivity: jest.fn(),
    getTeamsActivity: jest.fn(),
    searchActivity: jest.fn(),
    getFacets: jest.fn(),
    exportCsv: jest.fn(),
  };
}

const render = (api: ActivityApi) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityActivityContent />
    </EntityProvider>,
    { apis: [[activityApiRef, api]] },
  );

describe('EntityActivityContent', () => {
  it("lists the entity's actions: who, what, why, before -> after, result", async () => {
    const api = mockApi();
    api.getEntityActivity.mockResolvedValue({
      total: 2,
      offset: 0,
      limit: 50,
      events: [
        {
          id: '2',
          occurredAt: '2026-12-01T11:00:00.000Z',
          plugin: 'deployments',
          action: 'deployment-rollback',
          severity: 'high',
          result: 'denied',
          actor: 'user:default/sara.kim',
          entityRef: 'component:default/payments-api',
          environment: 'prod',
          reason: 'not mine',
          error: 'Not allowed',
        },
        {
          id: '1',
          occurredAt: '2026-12-01T10:00:00.000Z',
          plugin: 'deployments',
          action: 'deployment-rollback',
          severity: 'high',
          result: 'succeeded',
          actor: 'user:default/lena.fischer',
          entityRef: 'component:default/payments-api',
          environment: 'prod',
          reason: 'checkout errors',
          before: { revision: 'b'.repeat(40) },
          after: { revision: 'a'.repeat(40) },
        },
      ],
    });
    await render(api);
    const rows = await screen.findAllByTestId('activity-row');
    expect(api.getEntityActivity).toHaveBeenCalledWith(
      'component:default/payments-api',
      { limit: 50 },
    );
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('sara.kim')).toBeInTheDocument();
    expect(within(rows[0]).getByText('denied')).toBeInTheDocument();
    expect(within(rows[1]).getByText('checkout errors')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('revision: bbbbbbb → aaaaaaa'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByRole('link', { name: 'Open' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/deployments',
    );
  });

  it('says what will show up when nothing happened yet, and shows errors', async () => {
    const api = mockApi();
    api.getEntityActivity.mockResolvedValue({
      total: 0,
      offset: 0,
      limit: 50,
      events: [],
    });
    await render(api);
    expect(await screen.findByTestId('activity-empty')).toHaveTextContent(
      /Nothing has happened here yet/,
    );

    const failing = mockApi();
    failing.getEntityActivity.mockRejectedValue(new Error('backend down'));
    await render(failing);
    expect(await screen.findByText('backend down')).toBeInTheDocument();
  });
});
