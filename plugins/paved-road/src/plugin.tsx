import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { TEMPLATE_REF_ANNOTATION } from '@internal/plugin-paved-road-common';
import { pavedRoadApiRef, PavedRoadClient } from './api';
import { rootRouteRef } from './routes';

/** A road between two lines, for the nav item. */
export const PavedRoadIcon = () => (
  <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
    <path
      fill="currentColor"
      d="M8 2h2l-2 20H6L8 2zm6 0h2l2 20h-2L14 2zm-2.5 2h1v3h-1V4zm0 5h1v3h-1V9zm0 5h1v3h-1v-3zm0 5h1v3h-1v-3z"
    />
  </svg>
);

const pavedRoadApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pavedRoadApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PavedRoadClient({ discoveryApi, fetchApi }),
    }),
});

/** Every service made from a template, by team. */
const pavedRoadPage = PageBlueprint.make({
  params: {
    path: '/paved-road',
    title: 'Paved road',
    icon: <PavedRoadIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/PavedRoadPage').then(m => <m.PavedRoadPage />),
  },
});

/** The card on the overview of a service made from a template. */
const pavedRoadCard = EntityCardBlueprint.make({
  name: 'paved-road',
  params: {
    filter: entity => !!entity.metadata.annotations?.[TEMPLATE_REF_ANNOTATION],
    loader: () =>
      import('./components/PavedRoadCard').then(m => <m.PavedRoadCard />),
  },
});

/** The paved-road plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'paved-road',
  title: 'Paved road',
  icon: <PavedRoadIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [pavedRoadApi, pavedRoadPage, pavedRoadCard],
});
