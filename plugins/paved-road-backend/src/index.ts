/**
 * Backend of the paved-road plugin.
 *
 * @packageDocumentation
 */
export { pavedRoadPlugin as default } from './plugin';
