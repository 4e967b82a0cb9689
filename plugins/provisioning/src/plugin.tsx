import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isProvisioningAvailable } from '@internal/plugin-provisioning-common';
import { ProvisioningClient, provisioningApiRef } from './api';

/** The provisioning REST API client. */
export const provisioningApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: provisioningApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ProvisioningClient({ discoveryApi, fetchApi }),
    }),
});

/** The "Infrastructure" tab of entities that name provisioning workspaces. */
export const entityInfrastructureContent = EntityContentBlueprint.make({
  name: 'infrastructure',
  params: {
    path: '/infrastructure',
    title: 'Infrastructure',
    group: 'deployment',
    filter: isProvisioningAvailable,
    loader: () =>
      import('./components/InfrastructureContent').then(m => (
        <m.InfrastructureContent />
      )),
  },
});

/** The provisioning plugin: Terraform Cloud runs, approvals and outputs per environment. */
export const provisioningPlugin = createFrontendPlugin({
  pluginId: 'provisioning',
  extensions: [provisioningApi, entityInfrastructureContent],
});
