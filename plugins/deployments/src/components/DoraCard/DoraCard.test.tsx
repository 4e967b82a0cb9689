import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DoraMetrics } from '@internal/plugin-deployments-common';
import { deploymentsApiRef } from '../../api';
import { mockDeploymentsApi } from '../../__testUtils__/fixtures';
import { DoraCard, duration } from './DoraCard';

const metrics = (
  days: number,
  over: Partial<DoraMetrics> = {},
): DoraMetrics => ({
  entityRef: 'component:default/orders',
  days,
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  services: ['component:default/orders'],
  deployments: 4,
  deploymentsPerDay: 0.133,
  leadTimeSeconds: 49800,
  failures: 2,
  changeFailureRate: 0.5,
  timeToRestoreSeconds: 5100,
  unrestored: 0,
  trend: [
    { start: '2026-11-01T00:00:00.000Z', deployments: 1, failures: 0 },
    { start: '2026-11-06T00:00:00.000Z', deployments: 3, failures: 2 },
  ],
  ...over,
});

describe('DoraCard', () => {
  it('shows the four keys and the trend, and reads another window on demand', async () => {
    const api = mockDeploymentsApi();
    api.getDora.mockImplementation(async (_ref, days) =>
      days === 7
        ? metrics(7, {
            deployments: 1,
            failures: 0,
            changeFailureRate: 0,
            trend: [],
          })
        : metrics(days),
    );
    await renderInTestApp(<DoraCard entityRef="component:default/orders" />, {
      apis: [[deploymentsApiRef, api]],
    });
    const deployments = await screen.findByTestId('dora-deployments');
    expect(deployments).toHaveTextContent('0.9 per week');
    expect(deployments).toHaveTextContent('4 deployments in 30 days');
    expect(screen.getByTestId('dora-lead-time')).toHaveTextContent(
      '13 h 50 min',
    );
    expect(screen.getByTestId('dora-change-failure-rate')).toHaveTextContent(
      '50 %2 aborted or rolled back',
    );
    expect(screen.getByTestId('dora-time-to-restore')).toHaveTextContent(
      '1 h 25 min',
    );
    expect(screen.getByTestId('dora-trend')).toHaveAccessibleName(
      'Production deployments per period: 1, 3',
    );
    expect(api.getDora).toHaveBeenCalledWith('component:default/orders', 30);

    await userEvent.click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() =>
      expect(screen.getByTestId('dora-deployments')).toHaveTextContent(
        '1 deployment in 7 days',
      ),
    );
    expect(
      within(screen.getByTestId('dora-change-failure-rate')).getByText('0 %'),
    ).toBeInTheDocument();
  });

  it('says what failed to load', async () => {
    const api = mockDeploymentsApi();
    api.getDora.mockRejectedValue(new Error('No entity component:default/x'));
    await renderInTestApp(<DoraCard entityRef="component:default/x" />, {
      apis: [[deploymentsApiRef, api]],
    });
    expect(
      await screen.findByText('No entity component:default/x'),
    ).toBeInTheDocument();
  });

  it('writes durations in words', () => {
    expect(duration(undefined)).toBe('–');
    expect(duration(45)).toBe('45 s');
    expect(duration(1800)).toBe('30 min');
    expect(duration(6000)).toBe('1 h 40 min');
    expect(duration(26 * 3600)).toBe('1 d 2 h');
    expect(duration(48 * 3600)).toBe('2 d');
  });
});
