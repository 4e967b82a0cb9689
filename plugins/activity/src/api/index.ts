export { activityApiRef } from './ActivityApi';
export type { ActivityApi } from './ActivityApi';
export { ActivityClient, errorMessage } from './ActivityClient';
