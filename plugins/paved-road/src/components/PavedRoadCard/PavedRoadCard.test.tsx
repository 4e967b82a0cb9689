import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PavedRoadApi, pavedRoadApiRef } from '../../api';
import { PavedRoadCard } from './PavedRoadCard';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

const behind = {
  entityRef: 'component:default/orders',
  templateRef: 'template:default/microservice',
  version: '1.0.0',
  currentVersion: '1.1.0',
  state: 'behind' as const,
  changedFiles: [],
};

function mockApi(): jest.Mocked<PavedRoadApi> {
  return {
    listServices: jest.fn(),
    getService: jest.fn(),
    upgrade: jest.fn(),
    upgradeMany: jest.fn(),
    merge: jest.fn(),
  };
}

const render = (
  api: PavedRoadApi,
  permissions = mockApis.permission(),
  of: Entity = entity,
) =>
  renderInTestApp(
    <EntityProvider entity={of}>
      <PavedRoadCard />
    </EntityProvider>,
    { apis: [[pavedRoadApiRef, api], permissions] },
  );

describe('PavedRoadCard', () => {
  it('shows a service behind its template and opens the upgrade pull request', async () => {
    const api = mockApi();
    api.getService.mockResolvedValueOnce(behind).mockResolvedValue({
      ...behind,
      pullRequest: { number: 3, url: 'http://x/pull/3', mergeable: true },
    });
    api.upgrade.mockResolvedValue({
      entityRef: behind.entityRef,
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      pullRequest: { number: 3, url: 'http://x/pull/3', created: true },
      files: ['chart/values.yaml'],
      conflicts: ['chart/values.yaml'],
    });
    await render(api);
    expect(await screen.findByText('behind')).toBeInTheDocument();
    expect(
      screen.getByText(/microservice 1\.0\.0 \(current 1\.1\.0\)/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Open upgrade PR' }),
    );
    expect(api.upgrade).toHaveBeenCalledWith('component:default/orders');
    expect(
      await screen.findByText(
        'Pull request #3 opened; resolve the conflicts in chart/values.yaml.',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Merge upgrade' }),
    ).toBeEnabled();
  });

  it("says the backend's reason when the upgrade is refused", async () => {
    const api = mockApi();
    api.getService.mockResolvedValue(behind);
    api.upgrade.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message:
                'You may not upgrade component:default/orders: only its owners may',
            },
            request: { method: 'POST', url: '/upgrade' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ) as any,
      ),
    );
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open upgrade PR' }),
    );
    expect(
      await screen.findByText(
        'You may not upgrade component:default/orders: only its owners may',
      ),
    ).toBeInTheDocument();
  });

  it('shows whoever may not upgrade the service its state, and who upgrades it, without buttons', async () => {
    const api = mockApi();
    api.getService.mockResolvedValue({
      ...behind,
      pullRequest: { number: 3, url: 'http://x/pull/3', mergeable: true },
    });
    // Another entity: usePermission keeps its answers per resource across renders.
    await render(api, mockApis.permission({ authorize: 'DENY' as any }), {
      ...entity,
      metadata: { name: 'ledger', namespace: 'default' },
    });
    expect(await screen.findByText('behind')).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Its owners open and merge its upgrade pull request.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^#3/ })).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
