import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { deploymentsApiRef, DeploymentsClient } from './api';
import { rootRouteRef } from './routes';

/** A rocket, for the nav item and the page header. */
const DeploymentsIcon = () => (
  <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
    <path
      fill="currentColor"
      d="M12 2.5s4.5 2 4.5 9.5l2.5 2.5v3l-3.5-1.5h-7L5 17.5v-3L7.5 12C7.5 4.5 12 2.5 12 2.5zm0 6.5a1.5 1.5 0 100 3 1.5 1.5 0 000-3zM10 19h4l-2 3-2-3z"
    />
  </svg>
);

const deploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentsClient({ discoveryApi, fetchApi }),
    }),
});

/** The top-level Deployments page (and its nav item). */
const deploymentsPage = PageBlueprint.make({
  params: {
    path: '/deployments',
    title: 'Deployments',
    icon: <DeploymentsIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/DeploymentsPage').then(m => <m.DeploymentsPage />),
  },
});

/** The entity's Deployments tab, for entities with Argo CD applications. */
const entityDeploymentsContent = EntityContentBlueprint.make({
  name: 'deployments',
  params: {
    path: '/deployments',
    title: 'Deployments',
    group: 'deployment',
    filter: {
      $any: [
        { 'metadata.annotations.argocd/app-selector': { $exists: true } },
        {
          'metadata.annotations.backstage.io/kubernetes-id': { $exists: true },
        },
      ],
    },
    loader: () =>
      import('./components/EntityDeploymentsContent').then(m => (
        <m.EntityDeploymentsContent />
      )),
  },
});

/**
 * DORA metrics on the overview: of a service with Argo CD applications, and
 * of a team on its Group page (the services it owns).
 */
const entityDoraCard = EntityCardBlueprint.make({
  name: 'dora',
  params: {
    filter: {
      $any: [
        { kind: 'group' },
        { 'metadata.annotations.argocd/app-selector': { $exists: true } },
        {
          'metadata.annotations.backstage.io/kubernetes-id': { $exists: true },
        },
      ],
    },
    loader: () =>
      import('./components/DoraCard').then(m => <m.EntityDoraCard />),
  },
});

/**
 * What runs in each environment and its health, on the overview of a
 * service with Argo CD applications (the details are on its Deployments tab).
 */
const entityDeploymentStatusCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    filter: {
      $any: [
        { 'metadata.annotations.argocd/app-selector': { $exists: true } },
        {
          'metadata.annotations.backstage.io/kubernetes-id': { $exists: true },
        },
      ],
    },
    loader: () =>
      import('./components/DeploymentStatusCard').then(m => (
        <m.EntityDeploymentStatusCard />
      )),
  },
});

/** The deployments plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'deployments',
  title: 'Deployments',
  icon: <DeploymentsIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    deploymentsApi,
    deploymentsPage,
    entityDeploymentsContent,
    entityDeploymentStatusCard,
    entityDoraCard,
  ],
});
