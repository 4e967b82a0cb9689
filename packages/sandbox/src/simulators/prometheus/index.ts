export { prometheusSimulator } from './prometheusSimulator';
export type { PrometheusSimulatorOptions } from './prometheusSimulator';
export {
  CANARY_TRAFFIC_SHARE,
  BAD_REVISION_ERROR_RATIO,
  healthAt,
  revisionsAt,
  stableRevision,
} from './serviceHealth';
