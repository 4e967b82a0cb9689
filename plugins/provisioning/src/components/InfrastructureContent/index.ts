export { InfrastructureContent } from './InfrastructureContent';
