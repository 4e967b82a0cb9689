export { argocdSimulator } from './argocdSimulator';
export type { ArgoCDSimulatorOptions } from './argocdSimulator';
