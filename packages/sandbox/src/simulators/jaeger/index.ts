export { jaegerSimulator } from './jaegerSimulator';
export type { JaegerSimulatorOptions } from './jaegerSimulator';
export { TRACE_PERIOD_MS } from './traceGenerator';
