import {
  AlreadyExistsException,
  ChangeSetNotFoundException,
  CloudFormationClient,
  CloudFormationServiceException,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeChangeSetCommandOutput,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateSummaryCommand,
  InsufficientCapabilitiesException,
  InvalidChangeSetStatusException,
  ListChangeSetsCommand,
  ListStacksCommand,
  Stack,
  StackEvent,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { Sandbox, startSandbox } from '../../server';
import {
  cloudformationSimulator,
  SANDBOX_AWS_CREDENTIALS,
} from './cloudformationSimulator';

const STEP_MS = 40;

const TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Description: A queue and its dead-letter queue
Parameters:
  ServiceName:
    Type: String
    AllowedPattern: '[a-z][a-z0-9-]*'
  Environment:
    Type: String
    AllowedValues: [dev, staging, prod]
  Retention:
    Type: Number
    Default: 345600
    MinValue: 60
  WithPolicy:
    Type: String
    Default: 'false'
  Secret:
    Type: String
    Default: ''
    NoEcho: true
Conditions:
  HasPolicy: !Equals [!Ref WithPolicy, 'true']
Resources:
  DeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '\${ServiceName}-\${Environment}-dlq'
      MessageRetentionPeriod: 1209600
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '\${ServiceName}-\${Environment}'
      MessageRetentionPeriod: !Ref Retention
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt DeadLetterQueue.Arn
        maxReceiveCount: 5
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Condition: HasPolicy
    Properties:
      ManagedPolicyName: !Sub '\${AWS::StackName}-queue'
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
Outputs:
  QueueUrl:
    Value: !Ref Queue
  QueueArn:
    Value: !GetAtt Queue.Arn
    Export:
      Name: !Sub '\${AWS::StackName}-queue-arn'
  PolicyArn:
    Condition: HasPolicy
    Value: !Ref Policy
`;

describe('cloudformationSimulator', () => {
  let sandbox: Sandbox;
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        cloudformationSimulator({ stepMs: STEP_MS, eventsPageSize: 5 }),
      ],
    });
    cfn = client();
  });

  afterAll(async () => {
    cfn.destroy();
    await sandbox.close();
  });

  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
  });

  /** The real SDK client, configured only with the endpoint and credentials. */
  function client(
    credentials = SANDBOX_AWS_CREDENTIALS,
    region = 'eu-central-1',
  ) {
    return new CloudFormationClient({
      region,
      endpoint: `${sandbox.url}/cloudformation`,
      credentials,
      maxAttempts: 1,
    });
  }

  const params = (values: Record<string, string>) =>
    Object.entries(values).map(([ParameterKey, ParameterValue]) => ({
      ParameterKey,
      ParameterValue,
    }));

  async function until<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
  ): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const value = await read();
      if (done(value)) {
        return value;
      }
      await new Promise(r => setTimeout(r, STEP_MS / 2));
    }
    throw new Error('timed out');
  }

  const describeChangeSet = (ChangeSetName: string, StackName?: string) =>
    cfn.send(new DescribeChangeSetCommand({ ChangeSetName, StackName }));

  const changeSetReady = (id: string) =>
    until(
      () => describeChangeSet(id),
      cs => !['CREATE_PENDING', 'CREATE_IN_PROGRESS'].includes(cs.Status!),
    );

  async function describeStack(name: string): Promise<Stack> {
    const { Stacks } = await cfn.send(
      new DescribeStacksCommand({ StackName: name }),
    );
    return Stacks![0];
  }

  const stackSettled = (name: string) =>
    until(
      () => describeStack(name),
      s => !s.StackStatus!.endsWith('_IN_PROGRESS'),
    );

  async function allEvents(name: string): Promise<StackEvent[]> {
    const events: StackEvent[] = [];
    let NextToken: string | undefined;
    do {
      const page = await cfn.send(
        new DescribeStackEventsCommand({ StackName: name, NextToken }),
      );
      events.push(...page.StackEvents!);
      NextToken = page.NextToken;
    } while (NextToken);
    return events.reverse();
  }

  async function createChangeSet(
    name: string,
    type: 'CREATE' | 'UPDATE',
    values: Record<string, string>,
    extra: {
      ClientToken?: string;
      Capabilities?: 'CAPABILITY_NAMED_IAM'[];
    } = {},
  ) {
    return cfn.send(
      new CreateChangeSetCommand({
        StackName: 'orders-dev',
        ChangeSetName: name,
        ChangeSetType: type,
        TemplateBody: TEMPLATE,
        Parameters: params(values),
        Tags: [{ Key: 'service', Value: 'orders' }],
        ...extra,
      }),
    );
  }

  async function createStack(
    values = { ServiceName: 'orders', Environment: 'dev' },
  ) {
    const { Id } = await createChangeSet('first', 'CREATE', values);
    await changeSetReady(Id!);
    await cfn.send(
      new ExecuteChangeSetCommand({
        ChangeSetName: Id,
        ClientRequestToken: 'first-token',
      }),
    );
    return stackSettled('orders-dev');
  }

  const actionsOf = (cs: DescribeChangeSetCommandOutput) =>
    cs.Changes!.map(
      c => `${c.ResourceChange!.Action} ${c.ResourceChange!.LogicalResourceId}`,
    );

  describe('signatures', () => {
    async function failure(c: CloudFormationClient) {
      const error = await c
        .send(new DescribeStacksCommand({}))
        .catch((e: CloudFormationServiceException) => e);
      c.destroy();
      return error as CloudFormationServiceException;
    }

    it('accepts requests signed with the sandbox key pair, in any region', async () => {
      const other = client(SANDBOX_AWS_CREDENTIALS, 'us-west-2');
      await expect(
        other.send(new DescribeStacksCommand({})),
      ).resolves.toMatchObject({
        Stacks: [],
      });
      other.destroy();
    });

    it('refuses an unknown access key id', async () => {
      const error = await failure(
        client({
          ...SANDBOX_AWS_CREDENTIALS,
          accessKeyId: 'AKIAOTHEREXAMPLE0001',
        }),
      );
      expect(error.name).toBe('InvalidClientTokenId');
      expect(error.$metadata.httpStatusCode).toBe(403);
    });

    it('refuses a signature made with another secret', async () => {
      const error = await failure(
        client({ ...SANDBOX_AWS_CREDENTIALS, secretAccessKey: 'wrong' }),
      );
      expect(error.name).toBe('SignatureDoesNotMatch');
      expect(error.message).toMatch(
        /does not match the signature you provided/,
      );
    });

    it('refuses a request signed with a clock 20 minutes off, which the SDK then corrects from the Date header', async () => {
      const skewed = new CloudFormationClient({
        region: 'eu-central-1',
        endpoint: `${sandbox.url}/cloudformation`,
        credentials: SANDBOX_AWS_CREDENTIALS,
        systemClockOffset: -20 * 60 * 1000,
        maxAttempts: 1,
      });
      const error = (await skewed
        .send(new DescribeStacksCommand({}))
        .catch(e => e)) as CloudFormationServiceException;
      expect(error.name).toBe('SignatureDoesNotMatch');
      expect(error.message).toMatch(
        /^Signature expired: \d{8}T\d{6}Z is now earlier/,
      );
      // The SDK took the server's time from the answer's Date header.
      await expect(
        skewed.send(new DescribeStacksCommand({})),
      ).resolves.toMatchObject({ Stacks: [] });
      skewed.destroy();
    });

    it('refuses unsigned requests with an ErrorResponse document', async () => {
      const res = await fetch(`${sandbox.url}/cloudformation/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DescribeStacks&Version=2010-05-15',
      });
      expect(res.status).toBe(403);
      const body = await res.text();
      expect(body).toMatch(
        /^<ErrorResponse xmlns="http:\/\/cloudformation\.amazonaws\.com\/doc\/2010-05-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/,
      );
      expect(body).toMatch(
        /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
      );
    });
  });

  describe('a new stack', () => {
    it('creates a change set for a stack that does not exist, then executes it', async () => {
      const created = await createChangeSet('first', 'CREATE', {
        ServiceName: 'orders',
        Environment: 'dev',
      });
      expect(created.Id).toMatch(
        /^arn:aws:cloudformation:eu-central-1:123456789012:changeSet\/first\/[0-9a-f-]{36}$/,
      );
      expect(created.StackId).toMatch(
        /^arn:aws:cloudformation:eu-central-1:123456789012:stack\/orders-dev\//,
      );

      const pending = await describeChangeSet('first', 'orders-dev');
      expect(pending).toMatchObject({
        Status: expect.stringMatching(/^CREATE_(PENDING|IN_PROGRESS)$/),
        ExecutionStatus: 'UNAVAILABLE',
        Changes: [],
      });
      expect((await describeStack('orders-dev')).StackStatus).toBe(
        'REVIEW_IN_PROGRESS',
      );

      const ready = await changeSetReady(created.Id!);
      expect(ready).toMatchObject({
        Status: 'CREATE_COMPLETE',
        ExecutionStatus: 'AVAILABLE',
        StackName: 'orders-dev',
        ChangeSetName: 'first',
      });
      expect(ready.CreationTime).toBeInstanceOf(Date);
      expect(actionsOf(ready)).toEqual(['Add DeadLetterQueue', 'Add Queue']);
      expect(ready.Parameters).toEqual(
        expect.arrayContaining([
          { ParameterKey: 'Retention', ParameterValue: '345600' },
          { ParameterKey: 'Secret', ParameterValue: '****' },
        ]),
      );

      await cfn.send(
        new ExecuteChangeSetCommand({
          ChangeSetName: created.Id,
          ClientRequestToken: 'first-token',
        }),
      );
      const stack = await stackSettled('orders-dev');
      expect(stack.StackStatus).toBe('CREATE_COMPLETE');
      expect(stack.ChangeSetId).toBe(created.Id);
      expect(stack.Description).toBe('A queue and its dead-letter queue');
      expect(stack.Tags).toEqual([{ Key: 'service', Value: 'orders' }]);
      expect(stack.Outputs).toEqual(
        expect.arrayContaining([
          {
            OutputKey: 'QueueUrl',
            OutputValue:
              'https://sqs.eu-central-1.amazonaws.com/123456789012/orders-dev',
          },
          {
            OutputKey: 'QueueArn',
            OutputValue: 'arn:aws:sqs:eu-central-1:123456789012:orders-dev',
            ExportName: 'orders-dev-queue-arn',
          },
        ]),
      );
      expect(stack.Outputs).toHaveLength(2);
      expect((await describeChangeSet(created.Id!)).ExecutionStatus).toBe(
        'EXECUTE_COMPLETE',
      );

      // Events page through NextToken (5 a page here), newest first.
      const events = await allEvents('orders-dev');
      expect(
        events.map(e => `${e.LogicalResourceId} ${e.ResourceStatus}`),
      ).toEqual([
        'orders-dev REVIEW_IN_PROGRESS',
        'orders-dev CREATE_IN_PROGRESS',
        'DeadLetterQueue CREATE_IN_PROGRESS',
        'Queue CREATE_IN_PROGRESS',
        'DeadLetterQueue CREATE_IN_PROGRESS',
        'Queue CREATE_IN_PROGRESS',
        'DeadLetterQueue CREATE_COMPLETE',
        'Queue CREATE_COMPLETE',
        'orders-dev CREATE_COMPLETE',
      ]);
      expect(events[1]).toMatchObject({
        ResourceType: 'AWS::CloudFormation::Stack',
        ResourceStatusReason: 'User Initiated',
        ClientRequestToken: 'first-token',
      });
      expect(events[7]).toMatchObject({
        ResourceType: 'AWS::SQS::Queue',
        PhysicalResourceId:
          'https://sqs.eu-central-1.amazonaws.com/123456789012/orders-dev',
      });
      expect(events[0].Timestamp).toBeInstanceOf(Date);
    });

    it('asks for CAPABILITY_NAMED_IAM before creating named IAM resources', async () => {
      const values = {
        ServiceName: 'orders',
        Environment: 'dev',
        WithPolicy: 'true',
      };
      await expect(createChangeSet('first', 'CREATE', values)).rejects.toThrow(
        InsufficientCapabilitiesException,
      );
      await expect(createChangeSet('first', 'CREATE', values)).rejects.toThrow(
        'Requires capabilities : [CAPABILITY_NAMED_IAM]',
      );
      const { Id } = await createChangeSet('first', 'CREATE', values, {
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      });
      expect(actionsOf(await changeSetReady(Id!))).toContain('Add Policy');
    });

    it('rolls a failed creation back', async () => {
      const { Id } = await cfn.send(
        new CreateChangeSetCommand({
          StackName: 'orders-dev',
          ChangeSetName: 'first',
          ChangeSetType: 'CREATE',
          TemplateBody: TEMPLATE,
          Parameters: params({ ServiceName: 'orders', Environment: 'dev' }),
          Tags: [{ Key: 'note', Value: 'force-error' }],
        }),
      );
      await changeSetReady(Id!);
      await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
      const stack = await stackSettled('orders-dev');
      expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
      expect(stack.StackStatusReason).toMatch(
        /^The following resource\(s\) failed to create: \[DeadLetterQueue, Queue\]/,
      );
      expect(stack.Outputs).toEqual([]);
      expect((await describeChangeSet(Id!)).ExecutionStatus).toBe(
        'EXECUTE_FAILED',
      );
      const failed = (await allEvents('orders-dev')).find(
        e => e.ResourceStatus === 'CREATE_FAILED',
      );
      expect(failed?.ResourceStatusReason).toMatch(/forced failure/);

      // A stack in ROLLBACK_COMPLETE cannot be updated, only deleted.
      await expect(
        createChangeSet('second', 'UPDATE', {
          ServiceName: 'orders',
          Environment: 'dev',
        }),
      ).rejects.toThrow(/is in ROLLBACK_COMPLETE state and can not be updated/);
      await cfn.send(new DeleteStackCommand({ StackName: 'orders-dev' }));
      const deleted = await until(
        () => describeStack(stack.StackId!),
        s => s.StackStatus === 'DELETE_COMPLETE',
      );
      expect(deleted.DeletionTime).toBeInstanceOf(Date);
      await expect(describeStack('orders-dev')).rejects.toThrow(
        'Stack with id orders-dev does not exist',
      );
      const { StackSummaries } = await cfn.send(
        new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }),
      );
      expect(StackSummaries!.map(s => s.StackId)).toEqual([stack.StackId]);
    });
  });

  it('validates a template: parameters, description, capabilities; format errors', async () => {
    const valid = await cfn.send(
      new ValidateTemplateCommand({ TemplateBody: TEMPLATE }),
    );
    expect(valid).toMatchObject({
      Description: 'A queue and its dead-letter queue',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      CapabilitiesReason:
        'The following resource(s) require capabilities: [AWS::IAM::ManagedPolicy]',
    });
    // TemplateParameter has no type or constraints (GetTemplateSummary's have).
    expect(valid.Parameters).toContainEqual({
      ParameterKey: 'Retention',
      DefaultValue: '345600',
      NoEcho: false,
    });
    expect(valid.Parameters).toContainEqual({
      ParameterKey: 'Secret',
      DefaultValue: '',
      NoEcho: true,
    });
    expect(valid.Parameters?.map(p => p.ParameterKey)).toEqual([
      'ServiceName',
      'Environment',
      'Retention',
      'WithPolicy',
      'Secret',
    ]);

    const noIam = await cfn.send(
      new ValidateTemplateCommand({
        TemplateBody: JSON.stringify({
          Resources: { Q: { Type: 'AWS::SQS::Queue' } },
        }),
      }),
    );
    expect(noIam.Capabilities).toEqual([]);
    expect(noIam.Parameters).toEqual([]);

    for (const body of ['Resources: [not, a, map]', '{"Resources": {']) {
      const error = await cfn
        .send(new ValidateTemplateCommand({ TemplateBody: body }))
        .catch(e => e);
      expect(error).toBeInstanceOf(CloudFormationServiceException);
      expect(error.name).toBe('ValidationError');
      expect(error.message).toMatch(/Template format error/);
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
    const none = await cfn.send(new ValidateTemplateCommand({})).catch(e => e);
    expect(none.name).toBe('ValidationError');
  });

  it('summarizes a template: parameters, capabilities, resource types', async () => {
    const summary = await cfn.send(
      new GetTemplateSummaryCommand({ TemplateBody: TEMPLATE }),
    );
    expect(summary).toMatchObject({
      Description: 'A queue and its dead-letter queue',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      ResourceTypes: ['AWS::SQS::Queue', 'AWS::IAM::ManagedPolicy'],
      Version: '2010-09-09',
    });
    expect(summary.Parameters).toContainEqual({
      ParameterKey: 'Environment',
      ParameterType: 'String',
      NoEcho: false,
      ParameterConstraints: { AllowedValues: ['dev', 'staging', 'prod'] },
    });
    expect(summary.Parameters).toContainEqual(
      expect.objectContaining({
        ParameterKey: 'Secret',
        DefaultValue: '',
        NoEcho: true,
      }),
    );
  });

  describe('updates', () => {
    it('computes Modify and Remove changes and cleans up after the update', async () => {
      await createStack({
        ServiceName: 'orders',
        Environment: 'dev',
        WithPolicy: 'false',
      } as any);
      const { Id } = await createChangeSet('second', 'UPDATE', {
        ServiceName: 'orders',
        Environment: 'dev',
        Retention: '600',
      });
      const ready = await changeSetReady(Id!);
      expect(ready.Changes).toEqual([
        {
          Type: 'Resource',
          ResourceChange: expect.objectContaining({
            Action: 'Modify',
            LogicalResourceId: 'Queue',
            PhysicalResourceId:
              'https://sqs.eu-central-1.amazonaws.com/123456789012/orders-dev',
            ResourceType: 'AWS::SQS::Queue',
            Replacement: 'False',
            Scope: ['Properties'],
            Details: [
              expect.objectContaining({
                Target: expect.objectContaining({
                  Attribute: 'Properties',
                  Name: 'MessageRetentionPeriod',
                }),
              }),
            ],
          }),
        },
      ]);
      await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
      const stack = await stackSettled('orders-dev');
      expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
      expect(stack.LastUpdatedTime).toBeInstanceOf(Date);
      expect(stack.Parameters).toContainEqual({
        ParameterKey: 'Retention',
        ParameterValue: '600',
      });
    });

    it('fails a change set that changes nothing', async () => {
      await createStack();
      const { Id } = await createChangeSet('again', 'UPDATE', {
        ServiceName: 'orders',
        Environment: 'dev',
      });
      expect(await changeSetReady(Id!)).toMatchObject({
        Status: 'FAILED',
        ExecutionStatus: 'UNAVAILABLE',
        StatusReason:
          "The submitted information didn't contain changes. Submit different information to create a change set.",
      });
      await expect(
        cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id })),
      ).rejects.toThrow(InvalidChangeSetStatusException);
    });

    it('rolls a failed update back to the previous state', async () => {
      await createStack();
      const { Id } = await createChangeSet('second', 'UPDATE', {
        ServiceName: 'orders',
        Environment: 'dev',
        Retention: '600',
        Secret: 'force-error',
      });
      await changeSetReady(Id!);
      await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
      const stack = await stackSettled('orders-dev');
      expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
      const statuses = (await allEvents('orders-dev'))
        .filter(e => e.LogicalResourceId === 'orders-dev')
        .map(e => e.ResourceStatus);
      expect(statuses.slice(-4)).toEqual([
        'UPDATE_IN_PROGRESS',
        'UPDATE_ROLLBACK_IN_PROGRESS',
        'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
        'UPDATE_ROLLBACK_COMPLETE',
      ]);
      expect(stack.Parameters).toContainEqual({
        ParameterKey: 'Retention',
        ParameterValue: '345600',
      });
    });
  });

  describe('errors', () => {
    it('answers ValidationError for a stack that does not exist', async () => {
      const error = await cfn
        .send(new DescribeStacksCommand({ StackName: 'nope' }))
        .catch(e => e);
      expect(error).toBeInstanceOf(CloudFormationServiceException);
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe('Stack with id nope does not exist');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.$fault).toBe('client');
    });

    it('answers ChangeSetNotFound (404) for a missing or deleted change set', async () => {
      const { Id } = await createChangeSet('first', 'CREATE', {
        ServiceName: 'orders',
        Environment: 'dev',
      });
      await changeSetReady(Id!);
      await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: Id }));
      const error = await describeChangeSet(Id!).catch(e => e);
      expect(error).toBeInstanceOf(ChangeSetNotFoundException);
      expect(error.$metadata.httpStatusCode).toBe(404);
      await expect(describeChangeSet('other', 'orders-dev')).rejects.toThrow(
        ChangeSetNotFoundException,
      );
      // The stack stays in review, as CloudFormation leaves it.
      expect((await describeStack('orders-dev')).StackStatus).toBe(
        'REVIEW_IN_PROGRESS',
      );
    });

    it('refuses to execute a change set that is not available yet', async () => {
      // A clock slow enough that the change set is surely still computing.
      const slow = await startSandbox({
        port: 0,
        simulators: [cloudformationSimulator({ stepMs: 60_000 })],
      });
      const slowClient = new CloudFormationClient({
        region: 'eu-central-1',
        endpoint: `${slow.url}/cloudformation`,
        credentials: SANDBOX_AWS_CREDENTIALS,
        maxAttempts: 1,
      });
      try {
        const { Id } = await slowClient.send(
          new CreateChangeSetCommand({
            StackName: 'orders-dev',
            ChangeSetName: 'first',
            ChangeSetType: 'CREATE',
            TemplateBody: TEMPLATE,
            Parameters: params({ ServiceName: 'orders', Environment: 'dev' }),
          }),
        );
        const error = await slowClient
          .send(new ExecuteChangeSetCommand({ ChangeSetName: Id }))
          .catch(e => e);
        expect(error).toBeInstanceOf(InvalidChangeSetStatusException);
        expect(error.message).toMatch(
          /cannot be executed in its current execution status of \[UNAVAILABLE\]/,
        );
        await expect(
          slowClient.send(new DeleteChangeSetCommand({ ChangeSetName: Id })),
        ).rejects.toThrow(InvalidChangeSetStatusException);
      } finally {
        slowClient.destroy();
        await slow.close();
      }
    });

    it('answers AlreadyExistsException for a second change set of the same name, unless the ClientToken repeats', async () => {
      const values = { ServiceName: 'orders', Environment: 'dev' };
      const first = await createChangeSet('first', 'CREATE', values, {
        ClientToken: 'token-1',
      });
      const retried = await createChangeSet('first', 'CREATE', values, {
        ClientToken: 'token-1',
      });
      expect(retried.Id).toBe(first.Id);
      await expect(
        createChangeSet('first', 'CREATE', values, { ClientToken: 'token-2' }),
      ).rejects.toThrow(AlreadyExistsException);
    });

    it('refuses CREATE for an existing stack and UPDATE for a missing one', async () => {
      await expect(
        createChangeSet('first', 'UPDATE', {
          ServiceName: 'orders',
          Environment: 'dev',
        }),
      ).rejects.toThrow('Stack [orders-dev] does not exist');
      await createStack();
      await expect(
        createChangeSet('again', 'CREATE', {
          ServiceName: 'orders',
          Environment: 'dev',
        }),
      ).rejects.toThrow(
        'Stack [orders-dev] already exists and cannot be created again with the changeSet [again].',
      );
    });

    it.each([
      [{ ServiceName: 'orders' }, 'Parameters: [Environment] must have values'],
      [
        { ServiceName: 'orders', Environment: 'qa' },
        "Parameter 'Environment' must be one of AllowedValues",
      ],
      [
        { ServiceName: 'Orders', Environment: 'dev' },
        "Parameter 'ServiceName' must match pattern [a-z][a-z0-9-]*",
      ],
      [
        { ServiceName: 'orders', Environment: 'dev', Retention: '5' },
        "Parameter 'Retention' must be a number not less than 60",
      ],
      [
        { ServiceName: 'orders', Environment: 'dev', Colour: 'red' },
        'Parameters: [Colour] do not exist in the template',
      ],
    ])('validates parameters %j', async (values, message) => {
      const error = await createChangeSet('first', 'CREATE', values).catch(
        e => e,
      );
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe(message);
    });

    it.each([
      ['Resources: [', /^Template format error: YAML not well-formed/],
      [
        'Resources: {}',
        'Template format error: At least one Resources member must be defined.',
      ],
      [
        'Resources:\n  X:\n    Type: AWS::Made::Up',
        /^Template format error: Unrecognized resource types: \[AWS::Made::Up\]/,
      ],
      [
        'Resources:\n  X:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: !Ref Nope',
        /Unresolved resource dependencies \[Nope\]/,
      ],
    ])('validates the template %j', async (TemplateBody, message) => {
      await expect(
        cfn.send(
          new CreateChangeSetCommand({
            StackName: 'orders-dev',
            ChangeSetName: 'first',
            ChangeSetType: 'CREATE',
            TemplateBody,
          }),
        ),
      ).rejects.toThrow(message);
    });

    it('answers unknown actions and bad names as AWS does', async () => {
      await expect(
        cfn.send(
          new CreateChangeSetCommand({
            StackName: 'orders_dev',
            ChangeSetName: 'first',
            TemplateBody: TEMPLATE,
          }),
        ),
      ).rejects.toThrow(/at 'stackName' failed to satisfy constraint/);
      await expect(
        cfn.send(new ListChangeSetsCommand({ StackName: 'nope' })),
      ).rejects.toThrow('Stack with id nope does not exist');
    });
  });
});
