import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Sandbox, startSandbox } from '../../server';
import {
  cloudformationSimulator,
  SANDBOX_AWS_CREDENTIALS,
} from './cloudformationSimulator';

/**
 * A second, independent client: the AWS CLI (botocore), including its
 * waiters, which poll for the exact status names. The SDK tests beside this
 * one are the proof that runs everywhere; this one runs where `aws` is
 * installed.
 */
function hasAwsCli(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const describeWithCli = hasAwsCli() ? describe : describe.skip;

// The portal's own template, from the repository root.
const TEMPLATE = path.resolve(
  __dirname,
  '../../../../../infra/cloudformation/service-tiers.yaml',
);

describeWithCli('cloudformationSimulator with the AWS CLI', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [cloudformationSimulator({ stepMs: 50 })],
    });
  });

  afterAll(() => sandbox.close());

  async function aws(...args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(
      'aws',
      [
        '--endpoint-url',
        `${sandbox.url}/cloudformation`,
        '--output',
        'json',
        'cloudformation',
        ...args,
      ],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: SANDBOX_AWS_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: SANDBOX_AWS_CREDENTIALS.secretAccessKey,
          AWS_DEFAULT_REGION: 'eu-west-1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
        timeout: 60_000,
      },
    );
    return stdout;
  }

  it('creates, waits for and executes a change set of the service-tiers template', async () => {
    await aws(
      'create-change-set',
      '--stack-name',
      'orders-dev',
      '--change-set-name',
      'first',
      '--change-set-type',
      'CREATE',
      '--template-body',
      `file://${TEMPLATE}`,
      '--parameters',
      'ParameterKey=ServiceName,ParameterValue=orders',
      'ParameterKey=Environment,ParameterValue=dev',
      'ParameterKey=QueueTier,ParameterValue=sqs',
      '--capabilities',
      'CAPABILITY_NAMED_IAM',
    );
    await aws(
      'wait',
      'change-set-create-complete',
      '--stack-name',
      'orders-dev',
      '--change-set-name',
      'first',
    );
    await aws(
      'execute-change-set',
      '--stack-name',
      'orders-dev',
      '--change-set-name',
      'first',
    );
    await aws('wait', 'stack-create-complete', '--stack-name', 'orders-dev');
    const { Stacks } = JSON.parse(
      await aws('describe-stacks', '--stack-name', 'orders-dev'),
    );
    expect(Stacks[0].StackStatus).toBe('CREATE_COMPLETE');
    expect(Stacks[0].Outputs).toContainEqual({
      OutputKey: 'QueueUrl',
      OutputValue:
        'https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dev',
      Description: "URL of the service's queue",
    });
  }, 120_000);

  it('validates the service-tiers template', async () => {
    const answer = JSON.parse(
      await aws('validate-template', '--template-body', `file://${TEMPLATE}`),
    );
    expect(answer.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(answer.Parameters).toContainEqual(
      expect.objectContaining({ ParameterKey: 'ServiceName', NoEcho: false }),
    );
    await expect(
      aws('validate-template', '--template-body', 'Resources: [1]'),
    ).rejects.toThrow(/ValidationError.*Template format error/s);
  }, 60_000);
});
