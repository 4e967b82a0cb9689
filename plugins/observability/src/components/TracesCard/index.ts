export { TracesCard, TRACE_LIMITS } from './TracesCard';
