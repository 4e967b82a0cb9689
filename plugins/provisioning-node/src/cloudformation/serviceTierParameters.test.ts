import { InputError } from '@backstage/errors';
import { serviceTierParameters } from './serviceTierParameters';

const target = (variables: Record<string, unknown>) => ({
  service: 'orders',
  environment: 'prod',
  variables,
  autoApply: false,
});

const asRecord = (variables: Record<string, unknown>) =>
  Object.fromEntries(
    serviceTierParameters(target(variables)).map(p => [
      p.ParameterKey,
      p.ParameterValue,
    ]),
  );

describe('serviceTierParameters', () => {
  it('maps the Terraform stack variables the backend sends to template parameters', () => {
    expect(
      asRecord({
        service_name: 'orders',
        tiers: {
          database: 'none',
          cache: 'none',
          queue: 'sqs',
          public_http: false,
        },
        sizes: {
          queue_visibility_timeout_seconds: '120',
          queue_max_receive_count: 3,
        },
        options: { queue_fifo: true },
        region: 'eu-central-1', // Terraform-only: ignored
      }),
    ).toEqual({
      ServiceName: 'orders',
      Environment: 'prod',
      QueueTier: 'sqs',
      QueueFifo: 'true',
      QueueVisibilityTimeoutSeconds: '120',
      QueueMessageRetentionSeconds: '', // the template's prod preset
      QueueMaxReceiveCount: '3',
    });
  });

  it('reads object variables sent as JSON, and defaults to no queue', () => {
    expect(asRecord({ tiers: '{"queue":"sqs"}' }).QueueTier).toBe('sqs');
    expect(asRecord({})).toMatchObject({
      QueueTier: 'none',
      QueueFifo: 'false',
    });
  });

  it.each([
    [
      { tiers: { cache: 'redis' } },
      /tiers.cache "redis" needs the Terraform Cloud engine/,
    ],
    [
      { tiers: { public_http: true } },
      /tiers.public_http needs the Terraform Cloud engine/,
    ],
    [{ tiers: [] }, /Variable tiers must be an object/],
    [
      { sizes: { queue_message_retention_seconds: 30 } },
      /from 60 to 1209600, not 30/,
    ],
    [{ sizes: { queue_visibility_timeout_seconds: 1.5 } }, /whole number/],
  ])('refuses %j', (variables, message) => {
    expect(() => serviceTierParameters(target(variables))).toThrow(InputError);
    expect(() => serviceTierParameters(target(variables))).toThrow(message);
  });
});
