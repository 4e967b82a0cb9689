import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  PromotionGate,
  PromotionLane,
  PromotionPreview,
} from '@internal/plugin-deployments-common';
import { deploymentsApiRef } from '../../api';
import { mockDeploymentsApi } from '../../__testUtils__/fixtures';
import { AbortExplanation } from './AbortExplanation';
import { PromotionLaneCard } from './PromotionLaneCard';

jest.setTimeout(30_000);

const ENTITY = 'component:default/payments-api';
const IMAGE = 'registry.example.com/payments-api';

const lane: PromotionLane = {
  entityRef: ENTITY,
  repository: { owner: 'acme', repo: 'payments-api', url: 'http://git/acme' },
  environments: ['dev', 'staging', 'prod'].map((name, i) => ({
    name,
    production: name === 'prod',
    state: 'deployed' as const,
    image: `${IMAGE}:1.${3 - i}.0`,
    imageTag: `1.${3 - i}.0`,
    health: 'Healthy',
    sync: 'Synced',
  })),
  steps: [
    {
      from: 'dev',
      to: 'staging',
      image: { before: `${IMAGE}:1.2.0`, after: `${IMAGE}:1.3.0` },
      commits: [{ sha: 'a'.repeat(40), message: 'Add refunds', author: 'tom' }],
      valuesDiff: '-  tag: "1.2.0"\n+  tag: "1.3.0"\n',
      upToDate: false,
    },
    {
      from: 'staging',
      to: 'prod',
      image: { before: `${IMAGE}:1.1.0`, after: `${IMAGE}:1.2.0` },
      commits: [],
      valuesDiff: '',
      upToDate: false,
    },
  ],
};

const gate = (
  id: PromotionGate['id'],
  status: PromotionGate['status'],
  detail = 'ok',
): PromotionGate => ({
  id,
  title: `gate ${id}`,
  status,
  detail,
  overridable: id !== 'target-idle',
});

function preview(
  gates: PromotionGate[],
  extra: Partial<PromotionPreview> = {},
): PromotionPreview {
  return {
    entityRef: ENTITY,
    from: 'dev',
    to: 'staging',
    changes: lane.steps[0],
    gates,
    ready: gates.every(g => g.status === 'passed'),
    allowed: true,
    canOverride: false,
    viaPullRequest: false,
    canMerge: false,
    ...extra,
  };
}

async function render(api: ReturnType<typeof mockDeploymentsApi>) {
  return renderInTestApp(
    <PromotionLaneCard entityRef={ENTITY} onChanged={() => {}} />,
    { apis: [[deploymentsApiRef, api]] },
  );
}

describe('PromotionLaneCard', () => {
  it('shows the lane and promotes with the checklist, the changes and a reason', async () => {
    const api = mockDeploymentsApi();
    api.getPromotionLane.mockResolvedValue(lane);
    api.previewPromotion.mockResolvedValue(
      preview([
        gate('target-idle', 'passed'),
        gate('canary', 'passed'),
        gate('alerts', 'passed'),
        gate('burn-rate', 'passed'),
      ]),
    );
    api.promote.mockResolvedValue({
      entityRef: ENTITY,
      from: 'dev',
      to: 'staging',
      committed: true,
      imageTag: '1.3.0',
      message: 'Promoted 1.3.0 from dev to staging',
      gates: [],
      overridden: [],
    });
    await render(api);
    expect(
      within(await screen.findByTestId('lane-dev')).getByText('1.3.0'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 commit · 1.3.0')).toBeInTheDocument();
    expect(screen.getByText('0 commits · 1.2.0')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Promote to staging' }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByTestId('gate-burn-rate');
    expect(within(dialog).getByText(/Add refunds — tom/)).toBeInTheDocument();
    expect(within(dialog).getByLabelText('values diff')).toHaveTextContent(
      '+ tag: "1.3.0"',
    );
    const confirm = within(dialog).getByRole('button', {
      name: 'Promote to staging',
    });
    expect(confirm).toBeDisabled(); // no reason yet
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'ready for tests',
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(api.promote).toHaveBeenCalledWith(
        { entityRef: ENTITY, environment: 'staging' },
        { reason: 'ready for tests' },
      ),
    );
    expect(
      await screen.findByText('Promoted 1.3.0 from dev to staging'),
    ).toBeInTheDocument();
  });

  it('calls a promotion to an environment that runs nothing yet its first release', async () => {
    const api = mockDeploymentsApi();
    api.getPromotionLane.mockResolvedValue({
      ...lane,
      steps: [
        lane.steps[0],
        { ...lane.steps[1], image: { after: `${IMAGE}:1.2.0` } },
      ],
    });
    await render(api);
    expect(
      await screen.findByText('first release · 1.2.0'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/0 commits/)).not.toBeInTheDocument();
  });

  it('says in words that nothing runs in the source and disables its promotion', async () => {
    const api = mockDeploymentsApi();
    api.getPromotionLane.mockResolvedValue({
      ...lane,
      environments: lane.environments.map(env =>
        env.name === 'prod'
          ? env
          : {
              name: env.name,
              production: false,
              state: 'deployed' as const,
              application: `payments-api-${env.name}`,
              health: 'Missing',
              sync: 'OutOfSync',
            },
      ),
      steps: [
        {
          from: 'dev',
          to: 'staging',
          image: {},
          commits: [],
          valuesDiff: '',
          upToDate: false,
          blocked: 'Nothing runs in dev yet',
        },
        {
          from: 'staging',
          to: 'prod',
          image: { before: `${IMAGE}:1.1.0` },
          commits: [],
          valuesDiff: '',
          upToDate: false,
          blocked: 'Nothing runs in staging yet',
        },
      ],
    });
    await render(api);
    const dev = await screen.findByTestId('lane-dev');
    expect(within(dev).getByTestId('runs-nothing')).toHaveTextContent(
      'Nothing runs in dev yet',
    );
    expect(dev).not.toHaveTextContent(/unknown/);
    expect(dev).toHaveTextContent('Missing · OutOfSync');
    const promote = screen.getByRole('button', { name: 'Promote to staging' });
    expect(promote).toBeDisabled();
    // The reason stands beside the button, and is its tooltip.
    expect(screen.getAllByText('Nothing runs in dev yet')).toHaveLength(2);
    await userEvent.hover(promote.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Nothing runs in dev yet',
    );
    expect(
      screen.getByRole('button', { name: 'Promote to prod' }),
    ).toBeDisabled();
    // prod runs its build as before.
    expect(screen.getByTestId('lane-prod')).toHaveTextContent('Runs 1.1.0');
    expect(api.previewPromotion).not.toHaveBeenCalled();
  });

  it('lets an owner who may not promote to prod ask those who may', async () => {
    const api = mockDeploymentsApi();
    api.getPromotionLane.mockResolvedValue(lane);
    api.previewPromotion.mockResolvedValue(
      preview([gate('target-idle', 'passed'), gate('canary', 'passed')], {
        from: 'staging',
        to: 'prod',
        changes: lane.steps[1],
        allowed: false,
      }),
    );
    api.requestPromotion.mockResolvedValue({
      message: 'Asked group:default/sre to promote 1.2.0 from staging to prod.',
      notified: ['group:default/sre'],
    });
    await render(api);
    await screen.findByTestId('lane-prod');
    await userEvent.click(
      screen.getByRole('button', { name: 'Promote to prod' }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByTestId('gate-canary');
    expect(
      within(dialog).getByRole('button', { name: 'Promote to prod' }),
    ).toBeDisabled();
    const ask = within(dialog).getByRole('button', {
      name: 'Ask who may promote',
    });
    expect(ask).toBeDisabled(); // no reason yet
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'green');
    await userEvent.click(ask);
    expect(
      await within(dialog).findByText(
        'Asked group:default/sre to promote 1.2.0 from staging to prod.',
      ),
    ).toBeInTheDocument();
    expect(api.requestPromotion).toHaveBeenCalledWith(
      { entityRef: ENTITY, environment: 'prod' },
      { reason: 'green' },
    );
    expect(api.promote).not.toHaveBeenCalled();
  });

  describe('production through a pull request', () => {
    const withPull = (canMerge: boolean): PromotionLane => ({
      ...lane,
      environments: lane.environments.map(e =>
        e.name === 'prod'
          ? {
              ...e,
              viaPullRequest: true,
              pullRequest: {
                number: 7,
                url: 'http://git/acme/pull/7',
                branch: 'portal/promote-prod-1.2.0',
                title: 'Promote payments-api 1.2.0 from staging to prod',
                from: 'staging',
                to: 'prod',
                imageTag: '1.2.0',
                requestedBy: 'user:default/lena.fischer',
                reason: 'green all week',
                openedAt: new Date().toISOString(),
                gates: [
                  { id: 'canary', title: 'c', status: 'passed', detail: '' },
                  { id: 'burn-rate', title: 'b', status: 'passed', detail: '' },
                ],
                canMerge,
              },
            }
          : e,
      ),
    });

    it('shows the open pull request to an owner as waiting for an SRE', async () => {
      const api = mockDeploymentsApi();
      api.getPromotionLane.mockResolvedValue(withPull(false));
      await render(api);
      const panel = await screen.findByTestId('pull-request-prod');
      expect(panel).toHaveTextContent(
        'Pull request #7: 1.2.0 from staging, opened by lena.fischer',
      );
      expect(panel).toHaveTextContent('Gates when opened: all 2 passed');
      expect(panel).toHaveTextContent('Waiting for an SRE to merge it');
      expect(
        within(panel).queryByRole('button', { name: 'Merge #7' }),
      ).not.toBeInTheDocument();
      expect(
        within(panel).getByRole('link', { name: 'Pull request #7' }),
      ).toHaveAttribute('href', 'http://git/acme/pull/7');
    });

    it('lets who may merge it merge with a reason, and shows a refusal', async () => {
      const api = mockDeploymentsApi();
      api.getPromotionLane.mockResolvedValue(withPull(true));
      api.mergePromotion
        .mockRejectedValueOnce(
          new Error('Cannot merge the promotion of 1.2.0 from staging to prod'),
        )
        .mockResolvedValueOnce({
          entityRef: ENTITY,
          from: 'staging',
          to: 'prod',
          imageTag: '1.2.0',
          number: 7,
          url: 'http://git/acme/pull/7',
          mergeSha: 'b'.repeat(40),
          gates: [],
          overridden: [],
          message: 'Merged #7: 1.2.0 from staging to prod',
        });
      await render(api);
      const panel = await screen.findByTestId('pull-request-prod');
      await userEvent.click(
        within(panel).getByRole('button', { name: 'Merge #7' }),
      );
      const dialog = await screen.findByRole('dialog');
      const merge = within(dialog).getByRole('button', { name: 'Merge #7' });
      expect(merge).toBeDisabled();
      await userEvent.type(within(dialog).getByLabelText(/Reason/), 'release');
      await userEvent.click(merge);
      expect(
        await within(dialog).findByText(
          'Cannot merge the promotion of 1.2.0 from staging to prod',
        ),
      ).toBeInTheDocument();
      await userEvent.click(merge);
      expect(
        await screen.findByText('Merged #7: 1.2.0 from staging to prod'),
      ).toBeInTheDocument();
      expect(api.mergePromotion).toHaveBeenLastCalledWith(
        { entityRef: ENTITY, environment: 'prod' },
        { reason: 'release', number: 7 },
      );
    });

    it('opens a pull request from the dialog when prod goes by pull request', async () => {
      const api = mockDeploymentsApi();
      api.getPromotionLane.mockResolvedValue(lane);
      api.previewPromotion.mockResolvedValue(
        preview([gate('target-idle', 'passed'), gate('canary', 'passed')], {
          from: 'staging',
          to: 'prod',
          changes: lane.steps[1],
          viaPullRequest: true,
        }),
      );
      await render(api);
      await userEvent.click(
        await screen.findByRole('button', { name: 'Promote to prod' }),
      );
      const dialog = await screen.findByRole('dialog');
      expect(
        await within(dialog).findByText(/promoted through a pull request/),
      ).toBeInTheDocument();
      expect(
        within(dialog).getByRole('button', {
          name: 'Open a pull request to prod',
        }),
      ).toBeDisabled(); // no reason yet
    });
  });

  it('blocks on a failed gate; an admin overrides it with a reason', async () => {
    const api = mockDeploymentsApi();
    api.getPromotionLane.mockResolvedValue(lane);
    const gates = [
      gate('target-idle', 'passed'),
      gate('canary', 'passed'),
      gate('alerts', 'passed'),
      gate('burn-rate', 'failed', 'The error budget burns too fast: 1h: 20.0x'),
    ];
    api.previewPromotion.mockResolvedValue(preview(gates));
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote to staging' }),
    );
    let dialog = await screen.findByRole('dialog');
    const failed = await within(dialog).findByTestId('gate-burn-rate');
    expect(failed).toHaveAttribute('data-status', 'failed');
    expect(failed).toHaveTextContent('burns too fast');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'ship it');
    expect(
      within(dialog).getByRole('button', { name: 'Promote to staging' }),
    ).toBeDisabled();
    expect(within(dialog).queryByLabelText(/Override/)).toBeNull();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );

    api.previewPromotion.mockResolvedValue(
      preview(gates, { canOverride: true }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Promote to staging' }),
    );
    dialog = await screen.findByRole('dialog');
    await within(dialog).findByTestId('gate-burn-rate');
    await userEvent.type(within(dialog).getByLabelText(/^Reason/), 'ship it');
    await userEvent.click(within(dialog).getByLabelText(/Override the failed/));
    await userEvent.type(
      within(dialog).getByLabelText(/Why override/),
      'load test errors',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Override and promote' }),
    );
    await waitFor(() =>
      expect(api.promote).toHaveBeenCalledWith(
        { entityRef: ENTITY, environment: 'staging' },
        { reason: 'ship it', override: { reason: 'load test errors' } },
      ),
    );
  });

  it('explains an automatic rollback and links the failing traces', async () => {
    await renderInTestApp(
      <AbortExplanation
        entityRef={ENTITY}
        environment="staging"
        explanation={{
          summary: 'The canary of 1.4.0 was aborted automatically',
          metric: 'success-rate',
          successCondition: 'result[0] >= 0.95',
          failureLimit: 1,
          values: ['[0.61]', '[0.58]'],
          automatic: true,
          canaryRevision: '7c9f',
        }}
      />,
    );
    expect(screen.getByText('Rolled back automatically')).toBeInTheDocument();
    expect(screen.getByText(/measured \[0.61\], \[0.58\]/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /failing traces/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/observability?environment=staging&errors=true&revision=7c9f',
    );
  });
});
