import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

export interface LoggedLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: JsonObject;
}

export interface LoggerStub extends LoggerService {
  /** Every line logged through this logger and its children, in order. */
  readonly lines: LoggedLine[];
  /** The messages at `level` or above (debug is below info). */
  messages(level?: LoggedLine['level']): string[];
}

const RANK = { error: 0, warn: 1, info: 2, debug: 3 };

/** A silent logger that keeps its lines; children share them and add their meta. */
export function logger(): LoggerStub {
  const lines: LoggedLine[] = [];
  const make = (fields: JsonObject | undefined): LoggerStub => {
    const log =
      (level: LoggedLine['level']) =>
      (message: string, meta?: Error | JsonObject) => {
        const own = meta instanceof Error ? { error: meta.message } : meta;
        const merged = fields || own ? { ...fields, ...own } : undefined;
        lines.push(
          merged ? { level, message, meta: merged } : { level, message },
        );
      };
    return {
      lines,
      messages: (level = 'debug') =>
        lines.filter(l => RANK[l.level] <= RANK[level]).map(l => l.message),
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: meta => make({ ...fields, ...meta }),
    };
  };
  return make(undefined);
}
