import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import userEvent from '@testing-library/user-event';
import { fetchApiRef } from '@backstage/frontend-plugin-api';
import { deploymentsApiRef } from '../../api';
import { environment, mockDeploymentsApi } from '../../__testUtils__/fixtures';
import { EntityDeploymentsContent } from './EntityDeploymentsContent';

// renderInTestApp builds a whole app: slow on a shared machine.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'argocd/app-selector': 'app.kubernetes.io/name=payments-api',
    },
  },
  spec: { owner: 'group:default/payments' },
};

const pausedCanary = {
  name: 'payments-api',
  namespace: 'payments-api',
  phase: 'Paused',
  health: 'Suspended' as const,
  aborted: false,
  paused: true,
  pauseReasons: ['CanaryPauseStep'],
  currentStepIndex: 1,
  steps: [
    {
      index: 0,
      kind: 'setWeight' as const,
      weight: 10,
      state: 'done' as const,
    },
    { index: 1, kind: 'pause' as const, state: 'current' as const },
    {
      index: 2,
      kind: 'analysis' as const,
      templates: ['success-rate'],
      state: 'pending' as const,
    },
  ],
  weights: { stable: 90, canary: 10 },
  stableImage: 'registry.example.com/payments-api:1.4.0',
  canaryImage: 'registry.example.com/payments-api:1.5.0',
  analysisRuns: [
    {
      name: 'payments-api-abc-2',
      phase: 'Failed',
      metrics: [
        {
          name: 'success-rate',
          phase: 'Failed',
          successful: 0,
          failed: 1,
          lastValue: '0.71',
        },
      ],
    },
  ],
  availableActions: [
    'promote' as const,
    'promote-full' as const,
    'abort' as const,
  ],
};

/** Owners may act outside production; nobody here holds the production permissions. */
const ownerPermissions = mockApis.permission({
  authorize: request =>
    request.permission.name.endsWith('.production')
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
});

async function render(
  api: ReturnType<typeof mockDeploymentsApi>,
  permissions = ownerPermissions,
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityDeploymentsContent pollMs={60_000} />
    </EntityProvider>,
    { apis: [[deploymentsApiRef, api], permissions] },
  );
}

describe('EntityDeploymentsContent', () => {
  it('reads again when the backend signals a change on the entity channel', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      environments: [environment('staging')],
    });
    const subscribers = new Map<string, (message: any) => void>();
    const signalApi = {
      subscribe: (channel: string, onMessage: (message: any) => void) => {
        subscribers.set(channel, onMessage);
        return { unsubscribe: () => subscribers.delete(channel) };
      },
    };
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityDeploymentsContent pollMs={60_000} />
      </EntityProvider>,
      {
        apis: [
          [deploymentsApiRef, api],
          [signalApiRef, signalApi],
          ownerPermissions,
        ],
      },
    );
    await screen.findByTestId('environment-staging');
    const calls = api.getEntityDeployments.mock.calls.length;
    const doraCalls = api.getDora.mock.calls.length;
    await waitFor(() =>
      expect(
        subscribers.has('deployments:component:default/payments-api'),
      ).toBe(true),
    );
    act(() => {
      subscribers.get('deployments:component:default/payments-api')!({
        entityRef: 'component:default/payments-api',
        reason: 'deployments',
      });
    });
    await waitFor(() =>
      expect(api.getEntityDeployments.mock.calls.length).toBe(calls + 1),
    );
    // The cards read again too.
    await waitFor(() =>
      expect(api.getDora.mock.calls.length).toBeGreaterThan(doraCalls),
    );
  });

  it('shows a card per environment with rollout progress and history, and buttons only where allowed', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      environments: [
        environment('staging', { health: 'Suspended', rollout: pausedCanary }),
        environment('prod', { rollout: { ...pausedCanary } }),
      ],
    });
    await render(api);

    const staging = await screen.findByTestId('environment-staging');
    expect(within(staging).getByText('1. 10%')).toBeInTheDocument();
    expect(
      within(staging)
        .getByText('2. pause (manual)')
        .closest('[aria-current="step"]'),
    ).not.toBeNull();
    expect(
      within(staging).getByText(/canary 10% · stable 90%/),
    ).toBeInTheDocument();
    expect(
      within(staging).getByText(
        /success-rate: Failed \(0 ok, 1 failed, last 0.71\)/,
      ),
    ).toBeInTheDocument();
    expect(
      within(staging).getAllByText(/Release payments-api 1.4.0/).length,
    ).toBeGreaterThan(0);
    await waitFor(() =>
      expect(
        within(staging).getByRole('button', { name: 'Rollback' }),
      ).toBeInTheDocument(),
    );
    expect(
      within(staging).getByRole('button', { name: 'Promote' }),
    ).toBeInTheDocument();
    expect(
      within(staging).getByRole('button', { name: 'Abort' }),
    ).toBeInTheDocument();

    // Prod needs the production permissions: no buttons at all.
    const prod = screen.getByTestId('environment-prod');
    expect(within(prod).getByText('production')).toBeInTheDocument();
    expect(within(prod).queryByRole('button', { name: 'Rollback' })).toBeNull();
    expect(within(prod).queryByRole('button', { name: 'Promote' })).toBeNull();
  });

  it('rolls back: pick an entry, see the diff, give a reason, confirm', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      environments: [environment('staging')],
    });
    api.previewRollback.mockResolvedValue({
      application: 'payments-api-staging',
      environment: 'staging',
      from: {
        revision: 'a1b2c3d4e5f6a7b8c9d0',
        image: 'registry.example.com/payments-api:1.5.0',
        historyId: 4,
      },
      to: {
        revision: 'f0e1d2c3b4a5968778695a4b',
        image: 'registry.example.com/payments-api:1.4.0',
        historyId: 3,
      },
      suspendsAutoSync: true,
      dryRun: 'passed',
    });
    api.rollback.mockResolvedValue({
      action: 'rollback',
      application: 'payments-api-staging',
      environment: 'staging',
      message:
        'Rolling back payments-api-staging to f0e1d2c (1.4.0); auto-sync suspended.',
      deployment: environment('staging'),
    });
    await render(api);

    const staging = await screen.findByTestId('environment-staging');
    await userEvent.click(
      await within(staging).findByRole('button', { name: 'Rollback' }),
    );
    const dialog = await screen.findByRole('dialog');
    const preview = await within(dialog).findByTestId('rollback-preview');
    await waitFor(() =>
      expect(preview).toHaveTextContent(
        'Image registry.example.com/payments-api:1.5.0 → registry.example.com/payments-api:1.4.0',
      ),
    );
    expect(preview).toHaveTextContent('Revision a1b2c3d → f0e1d2c');
    expect(preview).toHaveTextContent(/auto-sync .* suspended first/i);
    expect(api.previewRollback).toHaveBeenCalledWith(
      { entityRef: 'component:default/payments-api', environment: 'staging' },
      3,
    );

    const confirm = within(dialog).getByRole('button', {
      name: 'Confirm rollback',
    });
    expect(confirm).toBeDisabled(); // no reason yet
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'checkout errors after 1.5.0',
    );
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);

    expect(api.rollback).toHaveBeenCalledWith(
      { entityRef: 'component:default/payments-api', environment: 'staging' },
      { id: 3, reason: 'checkout errors after 1.5.0' },
    );
    expect(
      await screen.findByText(/auto-sync suspended\./),
    ).toBeInTheDocument();
    // The tab reloads after the action, without a page reload.
    await waitFor(() =>
      expect(api.getEntityDeployments).toHaveBeenCalledTimes(2),
    );
  });

  it('shows rolled-back state with Resume auto-sync, and the refusal message of a failed action', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      environments: [
        environment('staging', {
          autoSync: false,
          rolledBack: true,
          sync: 'OutOfSync',
          targetRevision: '0123456789abcdef',
          autoSyncSuspension: {
            by: 'user:default/lena.fischer',
            at: new Date().toISOString(),
            reason: 'bad release',
          },
        }),
      ],
    });
    const error = Object.assign(new Error('Request failed with 409'), {
      body: {
        error: { message: 'Auto-sync of payments-api-staging is already on.' },
      },
    });
    api.resumeAutoSync.mockRejectedValue(error);
    await render(api);

    const staging = await screen.findByTestId('environment-staging');
    expect(
      within(staging).getByText(
        /Rolled back, auto-sync suspended by user:default\/lena.fischer: bad release/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      await within(staging).findByRole('button', { name: 'Resume auto-sync' }),
    );
    expect(
      await within(staging).findByText(
        'Auto-sync of payments-api-staging is already on.',
      ),
    ).toBeInTheDocument();
  });

  it('hides every action from a user without permission', async () => {
    const api = mockDeploymentsApi();
    // Another entity: usePermission caches decisions per permission and resource.
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/ledger-service',
      environments: [
        environment('staging', { rollout: pausedCanary, autoSync: false }),
      ],
    });
    await render(api, mockApis.permission({ authorize: AuthorizeResult.DENY }));
    const staging = await screen.findByTestId('environment-staging');
    expect(within(staging).getByText(/canary 10%/)).toBeInTheDocument();
    expect(within(staging).queryAllByRole('button')).toHaveLength(0);
  });

  it('shows an unavailable environment without failing the others', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      environments: [
        environment('staging'),
        {
          environment: 'prod',
          instance: 'argocd-eu',
          state: 'unavailable',
          error: "Argo CD instance 'argocd-eu' is unavailable",
          production: true,
          history: [],
        },
      ],
    });
    await render(api);
    const prod = await screen.findByTestId('environment-prod');
    expect(
      within(prod).getByText(/argocd-eu' is unavailable/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('environment-staging')).toHaveTextContent(
      'a1b2c3d',
    );
  });

  it('says why nothing deploys when Argo CD cannot render the chart', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      environments: [
        environment('dev', {
          health: 'Missing',
          conditions: [
            {
              type: 'ComparisonError',
              message: 'image.tag is empty: CI sets it in values-dev.yaml',
            },
          ],
        }),
        environment('staging'),
      ],
    });
    await render(api);
    const dev = await screen.findByTestId('environment-dev');
    expect(within(dev).getByTestId('argocd-condition')).toHaveTextContent(
      'Argo CD cannot render this revision: image.tag is empty: CI sets it in values-dev.yaml',
    );
    expect(
      within(screen.getByTestId('environment-staging')).queryByTestId(
        'argocd-condition',
      ),
    ).toBeNull();
  });

  it('says nothing runs yet where no build arrived, and its render error informs rather than alarms', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      environments: [
        environment('dev'),
        environment('staging', {
          health: 'Missing',
          images: [],
          imageTag: undefined,
          history: [],
          conditions: [
            {
              type: 'ComparisonError',
              message: 'image.tag is empty: CI sets it in values-staging.yaml',
            },
          ],
        }),
      ],
    });
    await render(api);
    const staging = await screen.findByTestId('environment-staging');
    expect(within(staging).getByTestId('runs-nothing')).toHaveTextContent(
      'Nothing runs in staging yet',
    );
    const condition = within(staging).getByTestId('argocd-condition');
    expect(condition).toHaveTextContent(
      'Waiting for a build: image.tag is empty',
    );
    expect(condition.className).toMatch(/standardInfo/);
    expect(
      within(screen.getByTestId('environment-dev')).queryByTestId(
        'runs-nothing',
      ),
    ).toBeNull();
  });

  it('says an environment waits for its infrastructure, naming the run, instead of offering to resume sync', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      environments: [
        environment('dev'),
        environment('prod', {
          autoSync: false,
          syncHeld: 'infrastructure',
          sync: 'OutOfSync',
          history: [],
        }),
      ],
    });
    const fetch = jest.fn(async (url: unknown) => {
      expect(url).toBe(
        'http://example.com/api/provisioning/entities/component/default/payments-api?history=1',
      );
      return new Response(
        JSON.stringify({
          environments: [
            {
              environment: 'prod',
              runs: [
                {
                  id: 'r-1',
                  engineRunId: 'run-Xy12',
                  phase: 'awaiting_approval',
                },
              ],
            },
          ],
        }),
        { status: 200 },
      );
    });
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityDeploymentsContent pollMs={60_000} />
      </EntityProvider>,
      {
        apis: [
          [deploymentsApiRef, api],
          ownerPermissions,
          [fetchApiRef, { fetch: fetch as unknown as typeof window.fetch }],
          mockApis.discovery({ baseUrl: 'http://example.com' }),
        ],
      },
    );

    const prod = await screen.findByTestId('environment-prod');
    const waiting = within(prod).getByLabelText('Waiting for infrastructure');
    await waitFor(() =>
      expect(waiting).toHaveTextContent(
        'Waiting for infrastructure (run run-Xy12: awaiting approval): not deployed until the prod tiers are provisioned',
      ),
    );
    expect(
      within(waiting).getByRole('link', { name: 'Infrastructure' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/infrastructure',
    );
    expect(within(prod).queryByText(/Auto-sync off/)).toBeNull();
    expect(
      within(prod).queryByRole('button', { name: 'Resume auto-sync' }),
    ).toBeNull();
    expect(
      within(screen.getByTestId('environment-dev')).queryByLabelText(
        'Waiting for infrastructure',
      ),
    ).toBeNull();
  });

  it('warns about applications that belong to another entity, and shows unbound ones read-only', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: 'component:default/probe-sec-spoof',
      environments: [
        {
          environment: 'dev',
          instance: 'argocd',
          state: 'missing',
          production: false,
          history: [],
        },
        environment('staging', {
          rollout: pausedCanary,
          autoSync: false,
          binding: 'unbound',
        }),
      ],
      warnings: [
        {
          environment: 'dev',
          instance: 'argocd',
          application: 'payments-api-dev',
          boundTo: 'component:default/payments-api',
          message: 'payments-api-dev belongs to component:default/payments-api',
        },
      ],
    });
    await render(api);
    expect(await screen.findByTestId('ownership-warnings')).toHaveTextContent(
      /These applications belong to payments-api\s*: payments-api-dev/,
    );
    const staging = screen.getByTestId('environment-staging');
    expect(
      within(staging).getByText(/Read-only: .* is not bound/),
    ).toBeInTheDocument();
    // Allowed by the permission, but not bound: no action is offered.
    expect(within(staging).queryAllByRole('button')).toHaveLength(0);
  });
});
