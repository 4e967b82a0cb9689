/**
 * Backend of the deployments plugin.
 *
 * @packageDocumentation
 */
export { deploymentsPlugin as default } from './plugin';
