import { createSpecializedBackend } from '@backstage/backend-app-api';
import { lifecycleServiceFactory } from '@backstage/backend-defaults/lifecycle';
import { rootLifecycleServiceFactory } from '@backstage/backend-defaults/rootLifecycle';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  ProvisioningEngine,
  provisioningEnginesExtensionPoint,
} from '@internal/plugin-provisioning-node';
import {
  Sandbox,
  startSandbox,
  cloudformationSimulator,
  SANDBOX_AWS_CREDENTIALS,
} from '@internal/sandbox';
import { mockServices } from '@internal/backend-test-stubs';
import { provisioningModuleCloudFormation } from './module';

const silentLogger = mockServices.logger();

describe('provisioningModuleCloudFormation', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [cloudformationSimulator({ stepMs: 10 })],
    });
  });

  afterAll(() => sandbox.close());

  /** Starts the module beside a stand-in of the provisioning plugin's extension point. */
  async function startWith(config: object): Promise<ProvisioningEngine[]> {
    const added: ProvisioningEngine[] = [];
    const provisioning = createBackendPlugin({
      pluginId: 'provisioning',
      register(env) {
        env.registerExtensionPoint(provisioningEnginesExtensionPoint, {
          addEngine: engine => added.push(engine),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    const service = <T>(ref: any, impl: T) =>
      createServiceFactory({
        service: ref,
        deps: {},
        factory: () => impl as any,
      });
    const backend = createSpecializedBackend({
      defaultServiceFactories: [
        service(coreServices.rootConfig, new ConfigReader(config)),
        service(coreServices.rootLogger, silentLogger),
        service(coreServices.logger, silentLogger),
        rootLifecycleServiceFactory,
        lifecycleServiceFactory,
      ],
    });
    backend.add(provisioning);
    backend.add(provisioningModuleCloudFormation);
    await backend.start();
    await backend.stop();
    return added;
  }

  it('adds a CloudFormation engine built from provisioning.cloudformation', async () => {
    const [engine, ...others] = await startWith({
      provisioning: {
        cloudformation: {
          region: 'eu-central-1',
          endpoint: `${sandbox.url}/cloudformation`,
          credentials: SANDBOX_AWS_CREDENTIALS,
          maxAttempts: 1,
        },
      },
    });
    expect(others).toEqual([]);
    expect(engine.id).toBe('cloudformation');

    // The engine really talks to the configured endpoint with the key pair.
    const ref = await engine.startRun(
      {
        service: 'orders',
        environment: 'dev',
        variables: { tiers: { queue: 'sqs' } },
        autoApply: false,
      },
      'module-test',
    );
    expect(ref.workspaceUrl).toMatch(
      /^https:\/\/eu-central-1\.console\.aws\.amazon\.com\/cloudformation\/home\?region=eu-central-1#\/stacks\/stackinfo\?stackId=arn%3Aaws%3Acloudformation%3Aeu-central-1%3A123456789012%3Astack%2Forders-dev%2F/,
    );
    expect((await engine.getRunState(ref)).phase).toMatch(
      /^(pending|planning|awaiting_approval)$/,
    );
  });

  it('adds nothing when provisioning.cloudformation is absent', async () => {
    expect(await startWith({ provisioning: {} })).toEqual([]);
  });

  it('fails to start with a clear message when the template cannot be read', async () => {
    await expect(
      startWith({
        provisioning: {
          cloudformation: {
            region: 'eu-central-1',
            templatePath: '/nope.yaml',
          },
        },
      }),
    ).rejects.toThrow(
      'provisioning.cloudformation.templatePath: cannot read the stack template /nope.yaml',
    );
  });

  it('names its engine as configured', async () => {
    const [engine] = await startWith({
      provisioning: {
        cloudformation: { region: 'us-east-1', id: 'aws-legacy' },
      },
    });
    expect(engine.id).toBe('aws-legacy');
  });
});
