export { ObservabilityClient } from './ObservabilityClient';
