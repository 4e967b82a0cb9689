import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sandbox, startSandbox } from '../../server';
import {
  cloudformationSimulator,
  SANDBOX_AWS_CREDENTIALS,
} from './cloudformationSimulator';

const TEMPLATE = `
Parameters:
  ServiceName:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '\${ServiceName}-dev'
Outputs:
  QueueUrl:
    Value: !Ref Queue
`;

async function start(stateDir: string, stepMs: number) {
  const sandbox = await startSandbox({
    port: 0,
    stateDir,
    simulators: [cloudformationSimulator({ stepMs })],
  });
  const cfn = new CloudFormationClient({
    endpoint: `${sandbox.url}/cloudformation`,
    region: 'eu-central-1',
    credentials: SANDBOX_AWS_CREDENTIALS,
  });
  return { sandbox, cfn };
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out; last ${JSON.stringify(value)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('cloudformationSimulator state across restarts', () => {
  let stateDir: string;
  let sandbox: Sandbox | undefined;
  let cfn: CloudFormationClient;

  beforeEach(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-state-'));
  });
  afterEach(async () => {
    cfn?.destroy();
    await sandbox?.close();
    sandbox = undefined;
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const stackOf = async () =>
    (await cfn.send(new DescribeStacksCommand({ StackName: 'orders-dev' })))
      .Stacks![0];

  const createChangeSet = () =>
    cfn.send(
      new CreateChangeSetCommand({
        StackName: 'orders-dev',
        ChangeSetName: 'first',
        ChangeSetType: 'CREATE',
        TemplateBody: TEMPLATE,
        Parameters: [{ ParameterKey: 'ServiceName', ParameterValue: 'orders' }],
      }),
    );

  it('keeps stacks, outputs, change sets and events; reset forgets them', async () => {
    ({ sandbox, cfn } = await start(stateDir, 10));
    const { Id } = await createChangeSet();
    await until(
      () => cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id })),
      cs => cs.ExecutionStatus === 'AVAILABLE',
    );
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    await until(stackOf, s => s.StackStatus === 'CREATE_COMPLETE');
    const before = await cfn.send(
      new DescribeStackEventsCommand({ StackName: 'orders-dev' }),
    );
    cfn.destroy();
    await sandbox.close();

    ({ sandbox, cfn } = await start(stateDir, 10));
    const stack = await stackOf();
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.CreationTime).toBeInstanceOf(Date);
    expect(stack.Outputs).toEqual([
      {
        OutputKey: 'QueueUrl',
        OutputValue:
          'https://sqs.eu-central-1.amazonaws.com/123456789012/orders-dev',
      },
    ]);
    const after = await cfn.send(
      new DescribeStackEventsCommand({ StackName: 'orders-dev' }),
    );
    expect(after.StackEvents).toEqual(before.StackEvents);
    const changeSets = await cfn.send(
      new ListChangeSetsCommand({ StackName: 'orders-dev' }),
    );
    expect(changeSets.Summaries?.map(cs => cs.ChangeSetId)).toEqual([Id]);

    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    cfn.destroy();
    await sandbox.close();
    ({ sandbox, cfn } = await start(stateDir, 10));
    await expect(stackOf()).rejects.toThrow(/does not exist/);
  });

  it('finishes an execution that was under way when the sandbox stopped', async () => {
    ({ sandbox, cfn } = await start(stateDir, 10));
    const { Id } = await createChangeSet();
    await until(
      () => cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id })),
      cs => cs.ExecutionStatus === 'AVAILABLE',
    );
    cfn.destroy();
    await sandbox.close();

    // A slow clock: the stack is still creating when the sandbox stops.
    ({ sandbox, cfn } = await start(stateDir, 5000));
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    expect((await stackOf()).StackStatus).toBe('CREATE_IN_PROGRESS');
    cfn.destroy();
    await sandbox.close();

    ({ sandbox, cfn } = await start(stateDir, 10));
    const stack = await until(
      stackOf,
      s => s.StackStatus === 'CREATE_COMPLETE',
    );
    expect(stack.Outputs?.[0].OutputKey).toBe('QueueUrl');
    const cs = await cfn.send(
      new DescribeChangeSetCommand({ ChangeSetName: Id }),
    );
    expect(cs.ExecutionStatus).toBe('EXECUTE_COMPLETE');
  });
});
