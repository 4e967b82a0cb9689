export { observabilityApiRef } from './ObservabilityApi';
export type {
  ObservabilityApi,
  SlisQuery,
  TracesQuery,
} from './ObservabilityApi';
export { ObservabilityClient } from './ObservabilityClient';
