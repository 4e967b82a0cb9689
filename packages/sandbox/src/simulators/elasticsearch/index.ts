export {
  elasticsearchSimulator,
  SANDBOX_ES_API_KEY,
} from './elasticsearchSimulator';
export type { ElasticsearchSimulatorOptions } from './elasticsearchSimulator';
export { MAX_SCANNED_SLOTS, RETENTION_DAYS } from './logSearch';
