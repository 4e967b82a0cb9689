import { renderInTestApp } from '@backstage/frontend-test-utils';
import { observabilityApiRef } from '@internal/plugin-observability-react';
import {
  mockObservabilityApi,
  slisResponse,
} from '@internal/plugin-observability-react/testUtils';
import { RolloutState } from '@internal/plugin-deployments-common';
import { screen, waitFor } from '@testing-library/react';
import { RolloutSlis } from './RolloutSlis';

const rollout = (canaryWeight: number): RolloutState => ({
  name: 'payments-api',
  namespace: 'payments-api',
  health: 'Suspended',
  aborted: false,
  paused: true,
  pauseReasons: [],
  steps: [],
  weights: { canary: canaryWeight, stable: 100 - canaryWeight },
  stablePodHash: 'stab1e0001',
  canaryPodHash: 'canary0002',
  analysisRuns: [],
  availableActions: [],
});

function observabilityApi() {
  return mockObservabilityApi({
    getSlis: jest.fn().mockResolvedValue(slisResponse([])),
  });
}

describe('RolloutSlis', () => {
  it('asks for canary and stable side by side while a canary serves traffic', async () => {
    const api = observabilityApi();
    await renderInTestApp(
      <RolloutSlis
        entityRef="component:default/payments-api"
        environment="prod"
        rollout={rollout(10)}
      />,
      { apis: [[observabilityApiRef, api]] },
    );
    await waitFor(() =>
      expect(api.getSlis).toHaveBeenCalledWith(
        'component:default/payments-api',
        expect.objectContaining({
          environment: 'prod',
          stable: 'stab1e0001',
          canary: 'canary0002',
        }),
      ),
    );
  });

  it('asks for all traffic once the canary holds no weight (aborted or promoted)', async () => {
    const api = observabilityApi();
    await renderInTestApp(
      <RolloutSlis
        entityRef="component:default/payments-api"
        environment="staging"
        rollout={rollout(0)}
      />,
      { apis: [[observabilityApiRef, api]] },
    );
    await waitFor(() => expect(api.getSlis).toHaveBeenCalled());
    expect(api.getSlis.mock.calls[0][1]).toMatchObject({
      environment: 'staging',
      stable: undefined,
      canary: undefined,
    });
  });

  it('renders nothing when the observability plugin is not installed', async () => {
    await renderInTestApp(
      <div data-testid="host">
        <RolloutSlis
          entityRef="component:default/payments-api"
          environment="prod"
        />
      </div>,
    );
    expect(await screen.findByTestId('host')).toBeEmptyDOMElement();
  });
});
