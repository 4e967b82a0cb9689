export { deploymentsApiRef } from './DeploymentsApi';
export type { DeploymentsApi, DeploymentTarget } from './DeploymentsApi';
export { DeploymentsClient, errorMessage } from './DeploymentsClient';
