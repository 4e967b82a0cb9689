/**
 * Frontend of the paved-road plugin: the Paved road page and the entity card.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { pavedRoadApiRef, PavedRoadClient } from './api';
export type { PavedRoadApi } from './api';
