export { observabilityApiRef } from './ObservabilityApi';
export type {
  LogSearchQuery,
  ObservabilityApi,
  SlisQuery,
  TracesQuery,
} from './ObservabilityApi';
