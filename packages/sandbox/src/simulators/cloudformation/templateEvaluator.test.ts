import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateTemplate, resolveParameters } from './templateEvaluator';
import { parseTemplate } from './templateParser';

// The portal's own template, which the provisioning engine sends.
const TEMPLATE = parseTemplate(
  readFileSync(
    path.resolve(
      __dirname,
      '../../../../../infra/cloudformation/service-tiers.yaml',
    ),
    'utf8',
  ),
);

function evaluate(values: Record<string, string>) {
  const parameters = resolveParameters(
    TEMPLATE,
    Object.entries(values).map(([ParameterKey, ParameterValue]) => ({
      ParameterKey,
      ParameterValue,
    })),
    {},
  );
  return evaluateTemplate(
    TEMPLATE,
    parameters,
    {
      region: 'eu-west-1',
      accountId: '123456789012',
      stackName: 'orders-prod',
      stackId:
        'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders-prod/x',
    },
    new Map(),
  );
}

describe('evaluateTemplate on infra/cloudformation/service-tiers.yaml', () => {
  it('holds only the tier manifest without a queue', () => {
    const state = evaluate({ ServiceName: 'orders', Environment: 'prod' });
    expect([...state.resources.keys()]).toEqual(['TierManifest']);
    expect(state.resources.get('TierManifest')!.properties).toMatchObject({
      Name: '/services/orders/prod/tiers',
      Value: '{"queue":"none","fifo":false}',
    });
    expect(state.outputs.map(o => o.OutputKey)).toEqual([
      'TierManifestParameter',
    ]);
    expect(state.capabilities).toEqual([]);
  });

  it('builds the queue, its dead-letter queue and policy with the environment presets', () => {
    const state = evaluate({
      ServiceName: 'orders',
      Environment: 'prod',
      QueueTier: 'sqs',
    });
    const queue = state.resources.get('Queue')!;
    expect(queue.properties).toEqual({
      QueueName: 'orders-prod',
      VisibilityTimeout: 60,
      MessageRetentionPeriod: 1209600,
      RedrivePolicy: {
        deadLetterTargetArn:
          'arn:aws:sqs:eu-west-1:123456789012:orders-prod-dlq',
        maxReceiveCount: 10,
      },
      SqsManagedSseEnabled: true,
      Tags: [
        { Key: 'service', Value: 'orders' },
        { Key: 'environment', Value: 'prod' },
      ],
    });
    expect(queue.failure).toBeUndefined();
    expect(
      (state.resources.get('QueueAccessPolicy')!.properties as any)
        .PolicyDocument.Statement[0].Resource,
    ).toEqual([
      'arn:aws:sqs:eu-west-1:123456789012:orders-prod',
      'arn:aws:sqs:eu-west-1:123456789012:orders-prod-dlq',
    ]);
    expect(state.capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
  });

  it('names FIFO queues with the .fifo suffix SQS requires, and takes explicit sizes', () => {
    const state = evaluate({
      ServiceName: 'orders',
      Environment: 'dev',
      QueueTier: 'sqs',
      QueueFifo: 'true',
      QueueMaxReceiveCount: '2',
    });
    const queue = state.resources.get('Queue')!;
    expect(queue.name).toBe('orders-dev.fifo');
    expect(queue.properties).toMatchObject({
      FifoQueue: true,
      RedrivePolicy: { maxReceiveCount: '2' },
    });
    expect(queue.failure).toBeUndefined();
    expect(state.resources.get('DeadLetterQueue')!.name).toBe(
      'orders-dev-dlq.fifo',
    );
  });

  it('refuses values outside the declared constraints', () => {
    expect(() =>
      evaluate({ ServiceName: 'Orders_1', Environment: 'prod' }),
    ).toThrow("Parameter 'ServiceName' must match pattern");
    expect(() =>
      evaluate({
        ServiceName: 'orders',
        Environment: 'prod',
        QueueTier: 'sns',
      }),
    ).toThrow("Parameter 'QueueTier' must be one of AllowedValues");
  });
});
