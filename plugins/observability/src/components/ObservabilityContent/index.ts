export { ObservabilityContent, useEnvironments } from './ObservabilityContent';
