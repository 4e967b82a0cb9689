import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The admin page of the whole activity log. */
export const rootRouteRef = createRouteRef();
