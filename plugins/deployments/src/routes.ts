import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Deployments page. */
export const rootRouteRef = createRouteRef();
