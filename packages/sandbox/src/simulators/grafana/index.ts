export { grafanaSimulator } from './grafanaSimulator';
export type { GrafanaSimulatorOptions } from './grafanaSimulator';
export {
  ERROR_RATIO_THRESHOLD,
  EVALUATION_INTERVAL_MS,
  PENDING_PERIOD_MS,
} from './alertRules';
