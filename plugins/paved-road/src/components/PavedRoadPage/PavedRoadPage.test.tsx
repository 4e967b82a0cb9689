import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { ServiceDrift } from '@internal/plugin-paved-road-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PavedRoadApi, pavedRoadApiRef } from '../../api';
import { PavedRoadPage } from './PavedRoadPage';

jest.setTimeout(60_000);

const service = (
  name: string,
  owner: string,
  state: ServiceDrift['state'],
  extra: Partial<ServiceDrift> = {},
): ServiceDrift => ({
  entityRef: `component:default/${name}`,
  title: name,
  owner: `group:default/${owner}`,
  templateRef: 'template:default/microservice',
  version: state === 'up-to-date' ? '1.1.0' : '1.0.0',
  currentVersion: '1.1.0',
  state,
  changedFiles: state === 'diverged' ? ['chart/templates/hpa.yaml'] : [],
  ...extra,
});

const SERVICES = [
  service('orders', 'payments', 'behind'),
  service('ledger', 'payments', 'diverged'),
  service('billing', 'payments', 'up-to-date'),
  service('cart', 'storefront', 'behind'),
  service('search', 'storefront', 'unknown', {
    version: '1.0.0',
    currentVersion: undefined,
    error: 'component:default/search has no GitHub source location',
  }),
];

function mockApi(items = SERVICES): jest.Mocked<PavedRoadApi> {
  return {
    listServices: jest.fn().mockResolvedValue({ items }),
    getService: jest.fn(),
    upgrade: jest.fn(),
    upgradeMany: jest.fn(),
    merge: jest.fn(),
  };
}

/** Admins may do everything; lena (payments) only upgrades her team's services. */
const ADMIN = mockApis.permission();
const PAYMENTS_OWNER = mockApis.permission({
  authorize: request =>
    (request.permission.name === 'paved-road.upgrade' &&
    'resourceRef' in request &&
    /\/own-/.test(String(request.resourceRef))
      ? 'ALLOW'
      : 'DENY') as any,
});

const render = (api: PavedRoadApi, permissions = ADMIN) =>
  renderInTestApp(<PavedRoadPage />, {
    apis: [[pavedRoadApiRef, api], permissions],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });

const row = (name: string) =>
  screen.getByTestId(`row-component:default/${name}`);

async function choose(filter: string, option: RegExp | string) {
  await userEvent.click(
    within(screen.getByTestId(filter).parentElement!).getByRole('combobox'),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('PavedRoadPage', () => {
  it('lists every service with its version and state, filtered by team and by state', async () => {
    await render(mockApi());
    expect(await screen.findByTestId('summary')).toHaveTextContent(
      '2 behind · 1 diverged · 1 up to date · 1 unknown',
    );
    expect(
      screen.getByTestId('version-component:default/orders'),
    ).toHaveTextContent('1.0.0 → 1.1.0');
    // Why a state is unknown is on the page, not only in a tooltip.
    expect(
      screen.getByTestId('error-component:default/search'),
    ).toHaveTextContent('has no GitHub source location');

    await choose('team-filter', 'payments');
    expect(screen.queryByTestId('row-component:default/cart')).toBeNull();
    expect(row('orders')).toBeInTheDocument();
    expect(screen.getByTestId('summary')).toHaveTextContent(
      '1 behind · 1 diverged · 1 up to date',
    );

    await choose('state-filter', /^behind/);
    expect(screen.getAllByTestId(/^row-/).map(r => r.dataset.testid)).toEqual([
      'row-component:default/orders',
    ]);

    await choose('team-filter', 'storefront');
    await choose('state-filter', /^diverged/);
    expect(
      screen.getByText('No service of storefront diverged.'),
    ).toBeInTheDocument();
  });

  it('lets an admin select every upgradable service shown and open their pull requests, and says which failed', async () => {
    const api = mockApi();
    api.upgradeMany.mockResolvedValue({
      results: [
        {
          ok: true,
          entityRef: 'component:default/orders',
          fromVersion: '1.0.0',
          toVersion: '1.1.0',
          pullRequest: { number: 1, url: 'http://x/pull/1', created: true },
          files: [],
          conflicts: [],
        },
        {
          ok: false,
          entityRef: 'component:default/ledger',
          error: 'GitHub is down',
        },
      ],
    });
    await render(api);
    await choose('team-filter', 'payments');
    // Up to date: nothing to select.
    expect(within(row('billing')).getByRole('checkbox')).toBeDisabled();
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'select every service shown to upgrade',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Open upgrade PRs (2)' }),
    );
    expect(api.upgradeMany).toHaveBeenCalledWith([
      'component:default/orders',
      'component:default/ledger',
    ]);
    expect(
      await screen.findByText(
        '1 upgrade pull request opened or updated. Failed: component:default/ledger: GitHub is down',
      ),
    ).toBeInTheDocument();
    // The page reads the services again after acting.
    expect(api.listServices).toHaveBeenCalledTimes(2);
  });

  it('only selects what the filters show', async () => {
    const api = mockApi();
    api.upgradeMany.mockResolvedValue({ results: [] });
    await render(api);
    await userEvent.click(
      await screen.findByRole('checkbox', {
        name: 'select component:default/cart',
      }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'select component:default/orders' }),
    );
    expect(
      screen.getByRole('button', { name: 'Open upgrade PRs (2)' }),
    ).toBeEnabled();
    await choose('team-filter', 'payments');
    await userEvent.click(
      screen.getByRole('button', { name: 'Open upgrade PRs (1)' }),
    );
    expect(api.upgradeMany).toHaveBeenCalledWith(['component:default/orders']);
  });

  it('gives an owner who is not an admin the buttons of her services only, and no bulk upgrade', async () => {
    // Names of their own: usePermission keeps its answers per resource across renders.
    const api = mockApi([
      service('own-orders', 'payments', 'behind'),
      service('their-cart', 'storefront', 'behind'),
    ]);
    await render(api, PAYMENTS_OWNER);
    expect(
      await within(
        await screen.findByTestId('row-component:default/own-orders'),
      ).findByRole('button', { name: 'Open upgrade PR' }),
    ).toBeEnabled();
    expect(
      await within(row('their-cart')).findByText(
        'Its owners upgrade it',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(within(row('their-cart')).queryByRole('button')).toBeNull();
    // (The admin's answer of an earlier test may show until it is asked again.)
    await waitFor(() => expect(screen.queryByRole('checkbox')).toBeNull(), {
      timeout: 10_000,
    });
    expect(
      screen.queryByRole('button', { name: /Open upgrade PRs/ }),
    ).toBeNull();
  });

  it("says the backend's reason when the list cannot be read", async () => {
    const api = mockApi();
    api.listServices.mockRejectedValue(new Error('The catalog is down'));
    await render(api);
    expect(await screen.findByText('The catalog is down')).toBeInTheDocument();
  });
});
