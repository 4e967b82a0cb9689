import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { hasObservabilityAnnotations } from '@internal/plugin-observability-common';
import { observabilityApiRef } from '@internal/plugin-observability-react';
import { ObservabilityClient } from './api';

/** The observability backend's client. */
export const observabilityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: observabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ObservabilityClient({ discoveryApi, fetchApi }),
    }),
});

/** The "Observability" tab of entities with Grafana, Jaeger or Prometheus annotations. */
export const entityObservabilityContent = EntityContentBlueprint.make({
  name: 'observability',
  params: {
    path: '/observability',
    title: 'Observability',
    group: 'observability',
    filter: hasObservabilityAnnotations,
    loader: () =>
      import('./components/ObservabilityContent').then(m => (
        <m.ObservabilityContent />
      )),
  },
});

/** The overview card: firing alerts and production SLIs. */
export const entityObservabilityCard = EntityCardBlueprint.make({
  name: 'observability',
  params: {
    filter: hasObservabilityAnnotations,
    loader: () =>
      import('./components/OverviewCard').then(m => <m.OverviewCard />),
  },
});

/** The observability plugin: Grafana dashboards and alerts, SLIs, Jaeger traces and logs per entity. */
export const observabilityPlugin = createFrontendPlugin({
  pluginId: 'observability',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    observabilityApi,
    entityObservabilityContent,
    entityObservabilityCard,
  ],
});
