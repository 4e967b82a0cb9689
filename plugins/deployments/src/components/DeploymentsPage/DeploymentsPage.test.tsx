import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { MatrixQuery } from '@internal/plugin-deployments-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { deploymentsApiRef } from '../../api';
import {
  ENVIRONMENTS,
  mockDeploymentsApi,
  row,
  summary,
} from '../../__testUtils__/fixtures';
import { DeploymentsPage } from './DeploymentsPage';

// renderInTestApp builds a whole app: slow on a shared machine.
jest.setTimeout(30_000);

const TOTAL = 3000;

function serveMatrix(api: ReturnType<typeof mockDeploymentsApi>) {
  api.getMatrix.mockImplementation(async (query: MatrixQuery) => {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    const total = query.search ? 1 : TOTAL;
    const rows = Array.from(
      { length: Math.max(0, Math.min(limit, total - offset)) },
      (_, i) => row(offset + i),
    );
    if (rows[1] && offset === 0) {
      rows[1].warnings = [
        {
          environment: 'dev',
          instance: 'argocd',
          application: 'payments-api-dev',
          boundTo: 'component:default/payments-api',
          message: 'payments-api-dev belongs to component:default/payments-api',
        },
      ];
    }
    if (rows[0] && offset === 0) {
      rows[0].deployments.staging = summary('staging', {
        health: 'Degraded',
        canaryInFlight: true,
      });
      rows[0].deployments.prod = {
        environment: 'prod',
        instance: 'argocd-eu',
        state: 'unavailable',
        error: "Argo CD instance 'argocd-eu' is unavailable",
      };
    }
    return {
      environments: ENVIRONMENTS,
      rows,
      total,
      offset,
      limit,
      facets: {
        owners: ['group:default/payments', 'group:default/storefront'],
        systems: ['system:default/payments'],
      },
      refreshedAt: new Date().toISOString(),
    };
  });
}

function render(api: ReturnType<typeof mockDeploymentsApi>) {
  return renderInTestApp(<DeploymentsPage />, {
    apis: [[deploymentsApiRef, api], mockApis.permission()],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('DeploymentsPage', () => {
  it('shows thousands of services as a virtualised matrix, one page from the server', async () => {
    const api = mockDeploymentsApi();
    serveMatrix(api);
    await render(api);

    expect(await screen.findByText('svc-0001')).toBeInTheDocument();
    expect(
      screen.getByText(`${TOTAL} services`, { exact: false }),
    ).toBeInTheDocument();
    // Only the rows on screen (plus overscan) are in the DOM, not 3000.
    const rows = screen.getAllByRole('row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(api.getMatrix).toHaveBeenCalledTimes(1);
    expect(api.getMatrix).toHaveBeenCalledWith(
      expect.objectContaining({ offset: 0, limit: 200, sort: 'name' }),
    );

    const first = rows.find(r => within(r).queryByText('svc-0001'))!;
    expect(within(first).getByText('Degraded')).toBeInTheDocument();
    expect(within(first).getByText('canary')).toBeInTheDocument();
    expect(within(first).getByText('unavailable')).toBeInTheDocument();
    expect(
      within(first).getAllByText('a1b2c3d')[0].closest('a'),
    ).toHaveAttribute(
      'href',
      'http://argocd/applications/argocd/payments-api-dev',
    );
    expect(
      screen.getByRole('columnheader', { name: 'prod (production)' }),
    ).toBeInTheDocument();
    // A row whose annotation matches another entity's apps says so.
    const second = rows.find(r => within(r).queryByText('svc-0002'))!;
    expect(
      within(second).getByText('Apps of payments-api ignored'),
    ).toHaveAttribute('title', expect.stringContaining('belongs to'));
  });

  it('sends search, filters and sort to the server', async () => {
    const api = mockDeploymentsApi();
    serveMatrix(api);
    await render(api);
    await screen.findByText('svc-0001');

    await userEvent.type(screen.getByLabelText('Search'), 'svc-0001');
    await waitFor(() =>
      expect(api.getMatrix).toHaveBeenLastCalledWith(
        expect.objectContaining({ search: 'svc-0001', offset: 0 }),
      ),
    );
    expect(
      await screen.findByText('1 services', { exact: false }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /^Owner/ }));
    await waitFor(() =>
      expect(api.getMatrix).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'owner', order: 'asc' }),
      ),
    );
  });

  it('shows an error the backend gives', async () => {
    const api = mockDeploymentsApi();
    api.getMatrix.mockRejectedValue(new Error('backend down'));
    await render(api);
    expect(
      await screen.findByText(/Could not load deployments: backend down/),
    ).toBeInTheDocument();
  });
});
