export { identitySimulator } from './identitySimulator';
export type { IdentitySimulatorOptions } from './identitySimulator';
