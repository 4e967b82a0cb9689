/*
 * Why this test does not use startTestBackend and the permission backend's
 * HTTP API:
 *
 * startTestBackend, mockServices and mockCredentials live in
 * @backstage/backend-test-utils. Every package of our Backstage release
 * (backend-defaults 0.19.0, catalog-backend 4.0.5, ...) is built against
 * backend-test-utils ^1.12.0, but the npm registry we can reach only has up to
 * 1.11.7, which belongs to the previous release (it depends on
 * backend-defaults ^0.18.0 and would pull a second, older copy of it and of
 * plugin-events-node into the tree). Rather than mix releases, this test
 * starts a real backend with createSpecializedBackend from
 * @backstage/backend-app-api (the same wiring startTestBackend uses) and the
 * few core services the module needs, and puts a stand-in for the permission
 * plugin next to our module that registers policyExtensionPoint and captures
 * the policy handed to it. Signing users in and sending them through
 * POST /api/permission/authorize without the test utils would mean
 * hand-writing auth, httpAuth and userInfo services, which would test our
 * fakes more than our module.
 *
 * Once @backstage/backend-test-utils 1.12.x is available, replace the
 * stand-in with @backstage/plugin-permission-backend and startTestBackend and
 * assert on the HTTP API instead.
 */
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { lifecycleServiceFactory } from '@backstage/backend-defaults/lifecycle';
import { loggerServiceFactory } from '@backstage/backend-defaults/logger';
import { rootLifecycleServiceFactory } from '@backstage/backend-defaults/rootLifecycle';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogLocationDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';
import portalPolicyModule from './index';
import { mockServices } from '@internal/backend-test-stubs';
import { priya, lena, noah } from './__testUtils__/orgUsers';

/** A root logger that keeps the test output clean. */
const silentLogger = mockServices.rootLogger();

/**
 * Stands in for @backstage/plugin-permission-backend: registers the policy
 * extension point the same way and, like the real plugin, insists on a
 * policy having been set by a module when it initialises.
 */
function permissionPluginStandIn(onInit: (policy: PermissionPolicy) => void) {
  return createBackendPlugin({
    pluginId: 'permission',
    register(env) {
      let policy: PermissionPolicy | undefined;
      env.registerExtensionPoint(policyExtensionPoint, {
        setPolicy(p) {
          if (policy) {
            throw new Error('Policy already set');
          }
          policy = p;
        },
      });
      env.registerInit({
        deps: {},
        async init() {
          if (!policy) {
            throw new Error('No policy module installed!');
          }
          onInit(policy);
        },
      });
    },
  });
}

function createBackendWith(
  config: object,
  onPolicy: (policy: PermissionPolicy) => void = () => {},
) {
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      createServiceFactory({
        service: coreServices.rootConfig,
        deps: {},
        factory: () => new ConfigReader(config),
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => silentLogger,
      }),
      loggerServiceFactory,
      rootLifecycleServiceFactory,
      lifecycleServiceFactory,
    ],
  });
  backend.add(permissionPluginStandIn(onPolicy));
  backend.add(portalPolicyModule);
  return backend;
}

async function startWithModule(config: object) {
  let installed: PermissionPolicy | undefined;
  const backend = createBackendWith(config, policy => {
    installed = policy;
  });
  const { result } = await backend.start();
  return { backend, result, policy: installed };
}

describe('permissionModulePortalPolicy', () => {
  const backends: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop()));
  });

  it('installs the portal policy into the permission plugin', async () => {
    const { backend, result, policy } = await startWithModule({});
    backends.push(backend);

    expect(result.outcome).toBe('success');
    expect(
      result.plugins
        .find(p => p.pluginId === 'permission')
        ?.modules.map(m => m.moduleId),
    ).toEqual(['portal-policy']);
    expect(policy).toBeInstanceOf(PortalPermissionPolicy);

    const request = { permission: catalogLocationDeletePermission };
    await expect(policy!.handle(request, priya)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy!.handle(request, lena)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('configures the policy from the root config', async () => {
    const { backend, policy } = await startWithModule({
      permission: { portal: { adminGroups: ['group:default/sre'] } },
    });
    backends.push(backend);

    const request = { permission: catalogLocationDeletePermission };
    await expect(policy!.handle(request, noah)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy!.handle(request, priya)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('fails startup on a malformed group ref in config', async () => {
    const backend = createBackendWith({
      permission: { portal: { adminGroups: ['group:'] } },
    });
    backends.push(backend);

    await expect(backend.start()).rejects.toThrow(/portal-policy/);
  });
});
