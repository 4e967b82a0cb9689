/**
 * Frontend of the deployments plugin: the Deployments page and the
 * entity's Deployments tab.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { deploymentsApiRef, DeploymentsClient } from './api';
export type { DeploymentsApi, DeploymentTarget } from './api';
