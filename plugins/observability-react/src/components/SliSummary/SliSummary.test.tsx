import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { observabilityApiRef } from '../../api';
import {
  environmentSlis,
  mockObservabilityApi,
  slisResponse,
} from '../../testUtils';
import { SliSummary } from './SliSummary';

describe('SliSummary', () => {
  it('compares the canary with the stable revision the rollout names', async () => {
    const api = mockObservabilityApi({
      getSlis: jest
        .fn()
        .mockResolvedValue(slisResponse([environmentSlis('prod', 0.61)])),
    });
    await renderInTestApp(
      <SliSummary
        entityRef="component:default/payments-api"
        environment="prod"
        stable="stab1e0001"
        canary="canary0002"
      />,
      { apis: [[observabilityApiRef, api]] },
    );
    expect(
      await screen.findByText('canary is failing more'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'SLIs prod' });
    expect(table).toHaveTextContent('canary canary0002');
    expect(table).toHaveTextContent('stable stab1e0001');
    expect(table).toHaveTextContent('Error ratio61.0 %0.30 %');
    expect(api.getSlis).toHaveBeenCalledWith('component:default/payments-api', {
      window: '1h',
      environment: 'prod',
      stable: 'stab1e0001',
      canary: 'canary0002',
    });
  });

  it('shows all traffic when no canary serves', async () => {
    const api = mockObservabilityApi({
      getSlis: jest
        .fn()
        .mockResolvedValue(slisResponse([environmentSlis('prod')])),
    });
    await renderInTestApp(
      <SliSummary
        entityRef="component:default/payments-api"
        environment="prod"
        compact
      />,
      { apis: [[observabilityApiRef, api]] },
    );
    const table = await screen.findByRole('table', { name: 'SLIs prod' });
    expect(table).toHaveTextContent('all traffic');
    expect(table).toHaveTextContent('Error ratio0.30 %');
    expect(screen.queryByText(/canary/)).not.toBeInTheDocument();
  });
});
