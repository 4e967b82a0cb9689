import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@internal/backend-test-stubs';

const silentLogger = mockServices.logger();

/** An answer of the registry's HTTP API: the action's output, or Backstage's error body. */
export interface ActionAnswer {
  status: number;
  output?: any;
  error?: { name: string; message: string };
}

export interface TestActionsRegistry {
  /** Lists the registered actions as `user` sees them (ids, attributes, JSON schemas). */
  list(user?: string): Promise<any[]>;
  /** Invokes an action as `user` (a user entity ref), over HTTP like the actions service does. */
  invoke(id: string, input: unknown, user?: string): Promise<ActionAnswer>;
  close(): Promise<void>;
}

/**
 * Backstage's own actions registry (the `actionsRegistryServiceFactory` of
 * @backstage/backend-defaults, with its HTTP API) for one plugin, as a
 * stand-in for backend-test-utils' `actionsRegistryServiceMock` (not
 * available for our release): `register` adds the plugin's actions, then
 * tests invoke them as a user, through input validation, the caller's
 * credentials and the error handler, as MCP and the CLI do.
 */
export async function startTestActionsRegistry(options: {
  pluginId: string;
  register(registry: ActionsRegistryService): void | Promise<void>;
  /** Who calls; by default the user of a `mockCredentials.user.header()` (nobody without one). */
  httpAuth?: HttpAuthService;
  /** Where the plugin's routes are, e.g. `/api/deployments` as the backend serves them; the root by default. */
  basePath?: string;
}): Promise<TestActionsRegistry & { url: string }> {
  const app = express();
  const httpAuth =
    options.httpAuth ??
    mockServices.httpAuth({ defaultCredentials: mockCredentials.none() });
  // The factory is a plain function of its dependencies.
  const registry: ActionsRegistryService = await (
    actionsRegistryServiceFactory as any
  ).factory({
    metadata: { getId: () => options.pluginId },
    httpRouter: {
      use: (handler: express.Handler) =>
        app.use(options.basePath ?? '/', handler),
    },
    httpAuth,
    logger: silentLogger,
    auth: mockServices.auth({ pluginId: options.pluginId }),
    config: new ConfigReader({}),
    permissions: {},
    permissionsRegistry: { addPermissions() {} },
  });
  await options.register(registry);
  app.use(
    MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: silentLogger,
    }).error(),
  );
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${
    options.basePath ?? ''
  }`;

  return {
    url,
    async list(user = 'user:default/someone') {
      const res = await fetch(`${url}/.backstage/actions/v1/actions`, {
        headers: { authorization: mockCredentials.user.header(user) },
      });
      return (await res.json()).actions;
    },
    async invoke(id, input, user = 'user:default/someone') {
      const res = await fetch(
        `${url}/.backstage/actions/v1/actions/${encodeURIComponent(id)}/invoke`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: mockCredentials.user.header(user),
          },
          body: JSON.stringify(input),
        },
      );
      const body = await res.json();
      return res.ok
        ? { status: res.status, output: body.output }
        : {
            status: res.status,
            error: { name: body.error?.name, message: body.error?.message },
          };
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(e => (e ? reject(e) : resolve())),
      ),
  };
}
