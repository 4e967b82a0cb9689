import { InfoCard, Progress } from '@backstage/core-components';
import type { TimeWindow } from '@internal/plugin-observability-common';
import {
  CardError,
  useObservabilityCall,
} from '@internal/plugin-observability-react';
import { EnvironmentSliPanel } from './EnvironmentSliPanel';

/** Request rate, error ratio and latency per environment, canary beside stable. */
export function SliChartsCard(props: {
  entityRef: string;
  window: TimeWindow;
  environment?: string;
}) {
  const { entityRef, window, environment } = props;
  const { value, loading, error, retry } = useObservabilityCall(
    api => api.getSlis(entityRef, { window, environment }),
    [entityRef, window, environment],
  );
  return (
    <InfoCard
      title="Service level indicators"
      subheader={value && `Prometheus · ${value.service}`}
    >
      {loading && !value && <Progress />}
      {error && <CardError error={error} what="SLIs" onRetry={retry} />}
      {value?.environments.map(slis => (
        <EnvironmentSliPanel key={slis.environment} slis={slis} />
      ))}
    </InfoCard>
  );
}
