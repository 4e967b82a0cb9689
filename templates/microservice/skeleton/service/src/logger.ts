// Structured logs: one JSON object per line on stdout, which the cluster's log
// shipper forwards to Elasticsearch. A few lines instead of a logging library:
// the only requirements are JSON, levels and the trace ids that link a log line
// to its trace in Jaeger.
import { trace } from '@opentelemetry/api';
import type { LogLevel } from './config.ts';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  service: string;
  environment: string;
  level: LogLevel;
  /** Where lines go; tests pass their own. */
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const log = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (ORDER[level] < ORDER[options.level]) return;
    const span = trace.getActiveSpan()?.spanContext();
    const error = fields.error instanceof Error ? fields.error : undefined;
    const entry = {
      '@timestamp': new Date().toISOString(),
      'log.level': level,
      message,
      'service.name': options.service,
      'service.environment': options.environment,
      ...(span ? { 'trace.id': span.traceId, 'span.id': span.spanId } : {}),
      ...fields,
      ...(error ? { error: { message: error.message, stack_trace: error.stack } } : {}),
    };
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}
