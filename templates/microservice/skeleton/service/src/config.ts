// Configuration comes only from the environment (12-factor): the Helm chart sets
// these variables, and the tier endpoints come from the provisioning outputs of
// each environment (see chart/values-<env>.yaml, key `provisioned`).

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface DatabaseConfig {
  host: string;
  port: number;
  name: string;
  /** Secrets Manager ARN of the credentials; the value is read at runtime through IRSA. */
  secretArn?: string;
}

export interface CacheConfig {
  host: string;
  port: number;
  tls: boolean;
}

export interface QueueConfig {
  url: string;
  deadLetterUrl?: string;
}

export interface Config {
  serviceName: string;
  environment: string;
  port: number;
  metricsPort: number;
  logLevel: LogLevel;
  /** Full OTLP/HTTP traces URL (…/v1/traces); tracing exports nothing without it. */
  otlpTracesUrl?: string;
  /** Seconds to keep serving after SIGTERM so load balancers stop sending traffic first. */
  shutdownDelaySeconds: number;
  awsRegion?: string;
  database?: DatabaseConfig;
  cache?: CacheConfig;
  queue?: QueueConfig;
}

/** Thrown with every problem at once, so a bad deployment is fixed in one go. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value ? value : undefined;
  };
  const port = (key: string, fallback: number): number => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      problems.push(`${key} must be a TCP port, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const logLevel = (text('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const shutdownDelaySeconds = Number(text('SHUTDOWN_DELAY_SECONDS') ?? '0');
  if (!Number.isFinite(shutdownDelaySeconds) || shutdownDelaySeconds < 0) {
    problems.push('SHUTDOWN_DELAY_SECONDS must be a number of seconds');
  }

  // OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the full URL; the generic endpoint
  // gets the signal path appended, as the OpenTelemetry specification says.
  const generic = text('OTEL_EXPORTER_OTLP_ENDPOINT');
  const otlpTracesUrl =
    text('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
    (generic ? `${generic.replace(/\/+$/, '')}/v1/traces` : undefined);

  const databaseHost = text('DATABASE_HOST');
  const cacheHost = text('REDIS_HOST');
  const queueUrl = text('SQS_QUEUE_URL');

  const config: Config = {
    serviceName: text('OTEL_SERVICE_NAME') ?? text('SERVICE_NAME') ?? 'service',
    environment: text('ENVIRONMENT') ?? 'local',
    port: port('PORT', 8080),
    metricsPort: port('METRICS_PORT', 9464),
    logLevel,
    otlpTracesUrl,
    shutdownDelaySeconds,
    awsRegion: text('AWS_REGION'),
    database: databaseHost
      ? {
          host: databaseHost,
          port: port('DATABASE_PORT', 5432),
          name: text('DATABASE_NAME') ?? 'app',
          secretArn: text('DATABASE_SECRET_ARN'),
        }
      : undefined,
    cache: cacheHost
      ? {
          host: cacheHost,
          port: port('REDIS_PORT', 6379),
          // ElastiCache is provisioned with encryption in transit.
          tls: text('REDIS_TLS') !== 'false',
        }
      : undefined,
    queue: queueUrl
      ? { url: queueUrl, deadLetterUrl: text('SQS_DEAD_LETTER_QUEUE_URL') }
      : undefined,
  };
  if (config.port === config.metricsPort) {
    problems.push('PORT and METRICS_PORT must differ (metrics stay off the public port)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
