import { useApiHolder } from '@backstage/frontend-plugin-api';
import {
  observabilityApiRef,
  SliSummary,
} from '@internal/plugin-observability-react';
import { RolloutState } from '@internal/plugin-deployments-common';

/**
 * The SLIs of the environment next to its rollout, canary beside stable
 * while one is in flight, so promote or rollback is decided with the numbers
 * in view. Renders nothing when the observability plugin is not installed.
 */
export function RolloutSlis(props: {
  entityRef: string;
  environment: string;
  rollout?: RolloutState;
}) {
  const { entityRef, environment, rollout } = props;
  const apis = useApiHolder();
  if (!apis.get(observabilityApiRef)) {
    return null;
  }
  const inFlight = !!rollout?.canaryPodHash && rollout.weights.canary > 0;
  return (
    <SliSummary
      entityRef={entityRef}
      environment={environment}
      stable={inFlight ? rollout?.stablePodHash : undefined}
      canary={inFlight ? rollout?.canaryPodHash : undefined}
      compact
    />
  );
}
