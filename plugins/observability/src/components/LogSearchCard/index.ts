export { LogSearchCard, TAIL_INTERVAL_MS } from './LogSearchCard';
export type { LogTraceFocus } from './LogSearchCard';
