import { identityApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { deploymentsApiRef } from '@internal/plugin-deployments';
import { provisioningApiRef } from '@internal/plugin-provisioning';
import { screen, within } from '@testing-library/react';
import { WaitingForYou } from './WaitingForYou';

jest.setTimeout(30_000);

const run = {
  id: 'r1',
  entityRef: 'component:default/fraud-detector',
  service: 'fraud-detector',
  environment: 'prod',
  engine: 'tfc',
  phase: 'awaiting_approval',
  rawStatus: 'cost_estimated',
  workspaceName: 'fraud-detector-prod',
  tiers: {},
  timeline: [],
  plan: { additions: 4, changes: 0, destructions: 0 },
  requestedBy: 'user:default/lena.fischer',
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
};

const paused = (name: string, environment: string) => ({
  entityRef: `component:default/${name}`,
  kind: 'Component',
  namespace: 'default',
  name,
  deployments: {
    [environment]: {
      environment,
      instance: 'argocd',
      state: 'deployed' as const,
      health: 'Suspended' as const,
      imageTag: '1.5.0',
    },
  },
});

function apis(options: {
  runs?: unknown;
  matrixError?: Error;
  noCanaries?: boolean;
}) {
  const provisioning = {
    listRunsToDecide: jest.fn().mockResolvedValue(options.runs ?? []),
  };
  const deployments = {
    getMatrix: options.matrixError
      ? jest.fn().mockRejectedValue(options.matrixError)
      : jest.fn().mockResolvedValue({
          environments: [
            { name: 'staging', instance: 'argocd', production: false },
            { name: 'prod', instance: 'argocd', production: true },
          ],
          rows: options.noCanaries
            ? []
            : [
                paused('ledger-service', 'prod'),
                paused('cart-service', 'staging'),
              ],
          total: 2,
          offset: 0,
          limit: 50,
          facets: { owners: [], systems: [] },
          refreshedAt: '2026-12-01T10:00:00Z',
        }),
  };
  // SRE: production promotions only.
  const permissions = mockApis.permission({
    authorize: request =>
      request.permission.name === 'deployments.promote.production'
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
  return [
    [provisioningApiRef, provisioning],
    [deploymentsApiRef, deployments],
    [permissionApiRef, permissions],
  ] as any;
}

describe('WaitingForYou', () => {
  it('lists the runs to approve and the canaries the user may promote, each linking to its card', async () => {
    await renderInTestApp(<WaitingForYou />, { apis: apis({ runs: [run] }) });
    const items = await screen.findAllByTestId('waiting-item');
    expect(items).toHaveLength(2);
    expect(
      within(items[0]).getByRole('link', {
        name: 'Approve the prod infrastructure of fraud-detector',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/fraud-detector/infrastructure',
    );
    expect(within(items[0]).getByText(/4 to add/)).toBeInTheDocument();
    expect(
      within(items[1]).getByRole('link', {
        name: 'Promote the prod canary of ledger-service',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger-service/deployments',
    );
    // The staging canary is its owners', not this user's.
    expect(screen.queryByText(/cart-service/)).not.toBeInTheDocument();
  });

  it('says so when nothing waits, and an outage degrades its part only', async () => {
    await renderInTestApp(<WaitingForYou />, {
      apis: apis({ matrixError: new Error('Argo CD is down') }),
    });
    expect(
      await screen.findByText(
        /Paused canaries could not be read: Argo CD is down/,
      ),
    ).toBeInTheDocument();

    await renderInTestApp(<WaitingForYou />, {
      apis: apis({ noCanaries: true }),
    });
    expect(
      await screen.findByText(/Nothing needs you right now/),
    ).toBeInTheDocument();
  });

  it("lists the releases of the user's teams that are ready for production", async () => {
    const row = (name: string, staging: string, prod: string) => ({
      entityRef: `component:default/${name}`,
      kind: 'Component',
      namespace: 'default',
      name,
      deployments: Object.fromEntries(
        [
          ['staging', staging],
          ['prod', prod],
        ].map(([environment, imageTag]) => [
          environment,
          {
            environment,
            instance: 'argocd',
            state: 'deployed' as const,
            health: 'Healthy' as const,
            imageTag,
          },
        ]),
      ),
    });
    const [provisioning, deployments, permissions] = apis({ noCanaries: true });
    deployments[1].getMatrix.mockImplementation(async (q: any) => ({
      environments: [
        { name: 'staging', instance: 'argocd', production: false },
        { name: 'prod', instance: 'argocd', production: true },
      ],
      rows: q.owner
        ? [
            row('ledger-service', '1.10.0', '1.9.0'),
            row('cart-service', '1.3.0', '1.3.0'),
            // Staging rolled back below prod: nothing to promote.
            row('search-service', '1.2.0', '1.4.0'),
          ]
        : [],
      total: 3,
      offset: 0,
      limit: 50,
      facets: { owners: [], systems: [] },
      refreshedAt: '2026-12-01T10:00:00Z',
    }));
    await renderInTestApp(<WaitingForYou />, {
      apis: [
        provisioning,
        deployments,
        permissions,
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/lena.fischer',
            ownershipEntityRefs: [
              'user:default/lena.fischer',
              'group:default/payments',
            ],
          }),
        ],
      ] as any,
    });
    const items = await screen.findAllByTestId('waiting-item');
    expect(items).toHaveLength(1);
    expect(
      within(items[0]).getByRole('link', {
        name: 'Promote ledger-service 1.10.0 from staging to prod',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger-service/deployments',
    );
    expect(within(items[0]).getByText(/prod runs 1\.9\.0/)).toBeInTheDocument();
    expect(deployments[1].getMatrix).toHaveBeenCalledWith(
      expect.objectContaining({ owner: ['group:default/payments'] }),
    );
  });
});
