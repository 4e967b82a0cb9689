/**
 * The observability plugin's frontend: the entity's Observability tab and
 * overview card, and the SliSummary other plugins (Deployments) embed.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export { observabilityApiRef, ObservabilityClient } from './api';
export type { ObservabilityApi, SlisQuery, TracesQuery } from './api';
export { SliSummary, canaryVerdict } from './components/SliSummary';
export type { SliSummaryProps } from './components/SliSummary';
