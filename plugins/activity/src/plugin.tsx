import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { activityApiRef, ActivityClient } from './api';
import { rootRouteRef } from './routes';

/** A clock with a list, for the nav item. */
export const ActivityIcon = () => (
  <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
    <path
      fill="currentColor"
      d="M13 3a9 9 0 00-9 9H1l3.9 3.9L9 12H6a7 7 0 117 7 6.9 6.9 0 01-4.9-2.1l-1.4 1.4A9 9 0 1013 3zm-1 5v5l4.3 2.5.7-1.2-3.5-2.1V8z"
    />
  </svg>
);

const activityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: activityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ActivityClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The admin page (and its nav item, which the app's sidebar shows only to
 * those with `activity.admin.read`).
 */
const activityPage = PageBlueprint.make({
  params: {
    path: '/activity',
    title: 'Activity',
    icon: <ActivityIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ActivityAdminPage').then(m => (
        <m.ActivityAdminPage />
      )),
  },
});

/** The Activity tab of service entities. */
const entityActivityContent = EntityContentBlueprint.make({
  name: 'activity',
  params: {
    path: '/activity',
    title: 'Activity',
    filter: { kind: 'component', 'spec.type': 'service' },
    loader: () =>
      import('./components/EntityActivityContent').then(m => (
        <m.EntityActivityContent />
      )),
  },
});

/** The activity plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'activity',
  title: 'Activity',
  icon: <ActivityIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [activityApi, activityPage, entityActivityContent],
});
