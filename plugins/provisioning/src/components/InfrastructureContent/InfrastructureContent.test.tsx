import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  ProvisioningRun,
  ServiceProvisioning,
} from '@internal/plugin-provisioning-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ProvisioningApi, provisioningApiRef } from '../../api';
import { InfrastructureContent } from './InfrastructureContent';

// Rendering MUI dialogs and typing is slow on a busy CI machine.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'provisioning.acme.example/workspaces':
        'payments-api-dev,payments-api-prod',
    },
  },
  spec: { owner: 'group:default/payments' },
};

function run(overrides: Partial<ProvisioningRun>): ProvisioningRun {
  return {
    id: 'run-1',
    entityRef: 'component:default/payments-api',
    service: 'payments-api',
    environment: 'dev',
    engine: 'tfc',
    phase: 'applied',
    rawStatus: 'applied',
    workspaceName: 'payments-api-dev',
    workspaceUrl: 'https://tfc.example/app/acme/workspaces/payments-api-dev',
    engineRunId: 'run-abc',
    runUrl:
      'https://tfc.example/app/acme/workspaces/payments-api-dev/runs/run-abc',
    tiers: { database: 'aurora-serverless-v2' },
    timeline: [
      { status: 'requested', at: '2026-11-26T10:00:00Z' },
      { status: 'planning', at: '2026-11-26T10:00:05Z' },
      { status: 'applied', at: '2026-11-26T10:01:00Z' },
    ],
    plan: { additions: 7, changes: 0, destructions: 0 },
    costEstimate: {
      proposedMonthlyCost: '186.55',
      deltaMonthlyCost: '186.55',
    },
    outputs: [
      { name: 'database_endpoint', sensitive: false, value: 'db.example' },
      { name: 'database_password', sensitive: true },
    ],
    requestedBy: 'user:default/lena.fischer',
    createdAt: '2026-11-26T10:00:00Z',
    updatedAt: '2026-11-26T10:01:00Z',
    ...overrides,
  };
}

const provisioning = (
  prodRuns: ProvisioningRun[] = [],
): ServiceProvisioning => ({
  entityRef: 'component:default/payments-api',
  service: 'payments-api',
  engine: 'tfc',
  environments: [
    {
      environment: 'dev',
      workspaceName: 'payments-api-dev',
      runs: [
        run({}),
        run({ id: 'run-0', phase: 'errored', engineRunId: 'run-old' }),
      ],
      totalRuns: 2,
    },
    {
      environment: 'prod',
      workspaceName: 'payments-api-prod',
      runs: prodRuns,
      totalRuns: prodRuns.length,
    },
  ],
});

const awaitingProd = run({
  id: 'run-prod',
  environment: 'prod',
  workspaceName: 'payments-api-prod',
  phase: 'awaiting_approval',
  rawStatus: 'cost_estimated',
  outputs: undefined,
  timeline: [{ status: 'requested', at: '2026-11-26T10:00:00Z' }],
});

function mockApi(value: ServiceProvisioning): jest.Mocked<ProvisioningApi> {
  return {
    getServiceProvisioning: jest.fn().mockResolvedValue(value),
    getRun: jest.fn(),
    listRunsToDecide: jest.fn(),
    getRunLog: jest.fn().mockResolvedValue([{ text: 'Plan: 7 to add' }]),
    request: jest.fn(),
    approve: jest.fn().mockResolvedValue(awaitingProd),
    discard: jest.fn().mockResolvedValue(awaitingProd),
    retry: jest.fn(),
  };
}

async function render(
  api: ProvisioningApi,
  allow: (permission: string) => boolean = () => true,
) {
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <InfrastructureContent />
    </EntityProvider>,
    {
      apis: [
        [provisioningApiRef, api],
        mockApis.permission({
          authorize: request =>
            allow(request.permission.name)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }),
      ],
    },
  );
}

describe('InfrastructureContent', () => {
  it('shows each environment: latest run, plan, cost, outputs without secrets, history', async () => {
    const api = mockApi(provisioning());
    await render(api);
    const dev = await screen.findByTestId('environment-dev');
    expect(within(dev).getAllByText('Applied').length).toBeGreaterThan(0);
    expect(within(dev).getByLabelText('Plan summary')).toHaveTextContent(
      '+7 ~0 -0',
    );
    expect(within(dev).getByLabelText('Cost estimate')).toHaveTextContent(
      '$186.55 / month (+$186.55)',
    );
    expect(within(dev).getByText('db.example')).toBeInTheDocument();
    expect(
      within(dev).getByText('sensitive (kept in Terraform Cloud)'),
    ).toBeInTheDocument();
    expect(within(dev).getByText('Open in Terraform Cloud')).toHaveAttribute(
      'href',
      expect.stringContaining('/runs/run-abc'),
    );
    expect(
      within(dev).getByText('History (1 earlier runs)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Not provisioned yet: no run for payments-api-prod.'),
    ).toBeInTheDocument();
    expect(api.getServiceProvisioning).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it('says in which commit the outputs were recorded, or why they could not be', async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const value = provisioning([
      run({
        id: 'run-prod',
        environment: 'prod',
        workspaceName: 'payments-api-prod',
        outputsRecord: {
          state: 'failed',
          file: 'chart/values-prod.yaml',
          error:
            'Could not record the outputs in chart/values-prod.yaml: GitHub refused to commit (409): Changes must be made through a pull request.',
          attempts: 2,
          nextAttemptAt: '2026-11-26T10:05:00Z',
        },
      }),
    ]);
    value.environments[0].runs[0] = run({
      outputsRecord: {
        state: 'recorded',
        repositoryUrl: 'https://ghe.example/acme/payments-api',
        file: 'chart/values-dev.yaml',
        commitSha: sha,
        commitUrl: `https://ghe.example/acme/payments-api/commit/${sha}`,
        attempts: 1,
        sync: { state: 'released', applications: ['payments-api-dev'] },
      },
    });
    await render(mockApi(value));

    const dev = await screen.findByTestId('environment-dev');
    expect(within(dev).getByLabelText('Outputs record')).toHaveTextContent(
      // (external links carry Backstage's "Opens in a new window" label)
      /^Outputs recorded in 0123456.* \(chart\/values-dev\.yaml.*\)\. Automated sync is on for payments-api-dev\.$/,
    );
    expect(within(dev).getByRole('link', { name: /^0123456/ })).toHaveAttribute(
      'href',
      `https://ghe.example/acme/payments-api/commit/${sha}`,
    );
    const prod = await screen.findByTestId('environment-prod');
    expect(within(prod).getByLabelText('Outputs record')).toHaveTextContent(
      /Changes must be made through a pull request\. Trying again at .* \(attempt 3\)\./,
    );
  });

  it('lets an allowed user approve a waiting prod run with a comment', async () => {
    const api = mockApi(provisioning([awaitingProd]));
    await render(api);
    const prod = await screen.findByTestId('environment-prod');
    await userEvent.click(
      within(prod).getByRole('button', { name: 'Approve' }),
    );

    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Approve' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /comment/i }),
      'CHG-42',
    );
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(api.approve).toHaveBeenCalledWith('run-prod', 'CHG-42'),
    );
    // The tab refreshes after the action.
    await waitFor(() =>
      expect(api.getServiceProvisioning).toHaveBeenCalledTimes(2),
    );
  });

  it('shows the reason when the approval is refused', async () => {
    const api = mockApi(provisioning([awaitingProd]));
    api.approve.mockRejectedValue(
      new Error('Run is no longer waiting for approval'),
    );
    await render(api);
    const prod = await screen.findByTestId('environment-prod');
    await userEvent.click(
      within(prod).getByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox'), 'go');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(
      await within(dialog).findByText('Run is no longer waiting for approval'),
    ).toBeInTheDocument();
  });

  it('hides Approve and Discard from users who may not decide on prod', async () => {
    // usePermission caches decisions per permission and resource for the
    // whole test file (SWR), so this test asks about another entity than
    // the ones allowed above.
    const value = provisioning([awaitingProd]);
    value.entityRef = 'component:default/payments-api-not-yours';
    const api = mockApi(value);
    await render(
      api,
      permission => permission !== 'provisioning.run.apply.production',
    );
    const prod = await screen.findByTestId('environment-prod');
    expect(
      await within(prod).findByText(
        'Waiting for someone allowed to approve prod.',
      ),
    ).toBeInTheDocument();
    expect(within(prod).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(prod).queryByRole('button', { name: 'Discard' })).toBeNull();
  });

  it('shows a progress bar while a run moves and polls until it settles', async () => {
    const applying = run({
      phase: 'applying',
      rawStatus: 'applying',
      outputs: undefined,
    });
    const api = mockApi(provisioning());
    const moving = provisioning();
    moving.environments[0].runs = [applying];
    api.getServiceProvisioning
      .mockResolvedValueOnce(moving)
      .mockResolvedValue(provisioning());
    jest.useFakeTimers({ advanceTimers: true });
    try {
      await render(api);
      expect(await screen.findByLabelText('Run applying')).toBeInTheDocument();
      jest.advanceTimersByTime(3000);
      await waitFor(() =>
        expect(screen.queryByLabelText('Run applying')).toBeNull(),
      );
      expect(await screen.findByText('db.example')).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows an error panel when the backend cannot be reached', async () => {
    const api = mockApi(provisioning());
    api.getServiceProvisioning.mockRejectedValue(
      new Error('Service Unavailable'),
    );
    await render(api);
    expect(
      await screen.findByText(/Could not load the infrastructure/),
    ).toBeInTheDocument();
  });
});
