export { kubernetesSimulator } from './kubernetesSimulator';
export type { KubernetesSimulatorOptions } from './kubernetesSimulator';
