export {
  cloudformationSimulator,
  SANDBOX_AWS_CREDENTIALS,
} from './cloudformationSimulator';
export type { CloudFormationSimulatorOptions } from './cloudformationSimulator';
