import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has working defaults for a local run', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.metricsPort, 9464);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.otlpTracesUrl, undefined);
    assert.equal(config.database, undefined);
  });

  it('reads the tier endpoints the chart passes from the provisioning outputs', () => {
    const config = loadConfig({
      DATABASE_HOST: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
      DATABASE_NAME: 'orders',
      DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:orders',
      REDIS_HOST: 'master.orders.cache.amazonaws.com',
      SQS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/orders',
      SQS_DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/orders-dlq',
    });
    assert.deepEqual(config.database, {
      host: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      name: 'orders',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:orders',
    });
    assert.deepEqual(config.cache, { host: 'master.orders.cache.amazonaws.com', port: 6379, tls: true });
    assert.equal(config.queue?.deadLetterUrl, 'https://sqs.eu-west-1.amazonaws.com/111111111111/orders-dlq');
  });

  it('derives the traces URL from the generic OTLP endpoint', () => {
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' });
    assert.equal(config.otlpTracesUrl, 'http://jaeger:4318/v1/traces');
  });

  it('reports every invalid variable at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', METRICS_PORT: '70000' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 3 &&
        error.problems.some(p => p.startsWith('PORT')),
    );
  });
});
