import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { deploymentsApiRef } from '../../api';
import { environment, mockDeploymentsApi } from '../../__testUtils__/fixtures';
import { DeploymentStatusCard } from './DeploymentStatusCard';

jest.setTimeout(30_000);

const ENTITY = 'component:default/payments-api';

async function render(api: ReturnType<typeof mockDeploymentsApi>) {
  return renderInTestApp(
    <DeploymentStatusCard
      entityRef={ENTITY}
      deploymentsLink="/catalog/default/component/payments-api/deployments"
    />,
    { apis: [[deploymentsApiRef, api]] },
  );
}

describe('DeploymentStatusCard', () => {
  it('shows what runs in each environment and its health, in order, with the way to the tab', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: ENTITY,
      environments: [
        environment('dev', {
          images: [
            'registry.example.com/payments-api:1.5.0',
            'registry.example.com/payments-api:1.6.0',
          ],
          imageTag: '1.6.0',
          canaryInFlight: true,
          health: 'Progressing',
        }),
        // Its application exists, nothing deployed yet.
        environment('staging', {
          images: [],
          imageTag: undefined,
          health: 'Missing',
          deployedAt: undefined,
        }),
        environment('prod', { state: 'missing', health: undefined }),
      ],
    });
    await render(api);
    const dev = await screen.findByTestId('status-dev');
    expect(dev).toHaveTextContent(
      '1.6.0 · canary in flight · deployed 3 h ago',
    );
    expect(within(dev).getByTestId('health')).toHaveTextContent('Progressing');
    expect(screen.getByTestId('status-staging')).toHaveTextContent(
      'Nothing runs in staging yet',
    );
    expect(screen.getByTestId('status-prod')).toHaveTextContent(
      'prod (production)Not deployed',
    );
    expect(
      within(screen.getByTestId('status-prod')).queryByTestId('health'),
    ).toBeNull();
    expect(screen.getByRole('link', { name: 'Deployments' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/deployments',
    );
    expect(api.getEntityDeployments).toHaveBeenCalledWith(ENTITY);
  });

  it("shows a CI build's commit SHA tag as git shows a commit, the whole image in its title", async () => {
    const sha = 'ec09502769ecc0446cecc0e98f8b49a0889ec0a3';
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockResolvedValue({
      entityRef: ENTITY,
      environments: [
        environment('dev', {
          images: [`registry.example.com/payments-api:${sha}`],
          imageTag: sha,
        }),
      ],
    });
    await render(api);
    const dev = await screen.findByTestId('status-dev');
    expect(dev).toHaveTextContent('ec09502 · deployed 3 h ago');
    expect(dev).not.toHaveTextContent(sha);
    expect(within(dev).getByText('ec09502')).toHaveAttribute(
      'title',
      `registry.example.com/payments-api:${sha}`,
    );
  });

  it('says why it cannot show the status when the backend fails', async () => {
    const api = mockDeploymentsApi();
    api.getEntityDeployments.mockRejectedValue(new Error('Argo CD is down'));
    await render(api);
    expect(
      await screen.findByText(
        /The deployments could not be read: Argo CD is down/,
      ),
    ).toBeInTheDocument();
  });
});
