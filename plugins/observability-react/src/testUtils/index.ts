/**
 * Test helpers for plugins that embed the observability components: a
 * mocked `ObservabilityApi` and SLI answers to give it.
 *
 * @packageDocumentation
 */
export { mockObservabilityApi } from './mockObservabilityApi';
export { environmentSlis, slisResponse } from './slis';
