import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Paved road page. */
export const rootRouteRef = createRouteRef();
