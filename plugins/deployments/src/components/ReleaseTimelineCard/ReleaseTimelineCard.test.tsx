import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { deploymentsApiRef } from '../../api';
import { mockDeploymentsApi } from '../../__testUtils__/fixtures';
import { ReleaseTimelineCard } from './ReleaseTimelineCard';

describe('ReleaseTimelineCard', () => {
  it('shows each release, where it went, by whom and how it ended', async () => {
    const api = mockDeploymentsApi();
    const at = new Date(Date.now() - 3600_000).toISOString();
    api.getReleases.mockResolvedValue({
      entityRef: 'component:default/orders',
      releases: [
        {
          imageTag: '1.1.0',
          commit: { sha: 'a'.repeat(40), at },
          stops: [
            {
              environment: 'dev',
              production: false,
              revision: 'a'.repeat(40),
              startedAt: at,
              deployedBy: 'auto-sync',
              outcome: 'running',
              promotedTo: {
                environment: 'staging',
                by: 'user:default/lena.fischer',
                at,
              },
            },
            {
              environment: 'staging',
              production: false,
              revision: 'b'.repeat(40),
              startedAt: at,
              deployedBy: 'user:default/lena.fischer',
              promotion: { by: 'user:default/lena.fischer', from: 'dev', at },
              outcome: 'aborted',
              endedBy: 'analysis',
              endReason: 'The canary of orders:1.1.0 was aborted automatically',
            },
          ],
        },
      ],
    });
    await renderInTestApp(
      <ReleaseTimelineCard entityRef="component:default/orders" />,
      { apis: [[deploymentsApiRef, api]] },
    );
    const release = await screen.findByTestId('release-1.1.0');
    expect(release).toHaveTextContent('1.1.0 · commit aaaaaaa 1 h ago');
    expect(within(release).getByTestId('release-stop-dev')).toHaveTextContent(
      'devrunning1 h ago by auto-sync · promoted to staging by lena.fischer',
    );
    const staging = within(release).getByTestId('release-stop-staging');
    expect(staging).toHaveTextContent(
      'stagingaborted1 h ago by lena.fischer (promoted from dev) · aborted by analysis',
    );
    expect(staging).toHaveTextContent(
      'The canary of orders:1.1.0 was aborted automatically',
    );
  });

  it('says when nothing is recorded yet', async () => {
    const api = mockDeploymentsApi();
    await renderInTestApp(
      <ReleaseTimelineCard entityRef="component:default/orders" />,
      { apis: [[deploymentsApiRef, api]] },
    );
    expect(
      await screen.findByText('No release recorded yet.'),
    ).toBeInTheDocument();
  });
});
