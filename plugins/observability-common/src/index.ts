/**
 * What the observability backend answers, card by card, and the entity
 * annotations it reads; shared by the backend and the frontend plugin.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './types';
export {
  SLI_LABELS,
  SLI_METRIC,
  canaryQueries,
  errorRatioQuery,
  latencyQuantileQuery,
  requestRateQuery,
  sliQueries,
} from './sliQueries';
export type { SliQuerySet, SliSelector } from './sliQueries';
