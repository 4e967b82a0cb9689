export type * from './types';
export {
  CloudFormationEngine,
  DEFAULT_TEMPLATE_PATH,
  outputName,
  planSummary,
} from './CloudFormationEngine';
export type { CloudFormationEngineOptions } from './CloudFormationEngine';
export { serviceTierParameters } from './serviceTierParameters';
