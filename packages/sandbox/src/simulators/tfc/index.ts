export { tfcSimulator } from './tfcSimulator';
export type { TfcSimulatorOptions } from './tfcSimulator';
