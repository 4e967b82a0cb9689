/**
 * The observability plugin's frontend: the entity's Observability tab and
 * overview card. What other plugins embed (`SliSummary`, the API ref) is in
 * `@internal/plugin-observability-react`.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export { ObservabilityClient } from './api';
