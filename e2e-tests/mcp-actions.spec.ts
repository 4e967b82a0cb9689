import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/**
 * Our operations as MCP tools, end to end: the official MCP TypeScript SDK
 * client against the portal's real MCP endpoint (the mcp-actions backend
 * over the actions registry). It authenticates as the user signed in
 * through the sandbox IdP: the endpoint takes the same Backstage token the
 * frontend sends, so the tools act with that user's permissions.
 */
const MCP_URL = 'http://localhost:7007/api/mcp-actions/v1';

async function mcpClient(token: string) {
  const client = new Client({ name: 'acme-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(MCP_URL), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

const text = (result: any) =>
  (result.content as Array<{ type: string; text: string }>)
    .map(c => c.text)
    .join('\n');

test('an MCP client lists our tools, reads a status, and is refused a rollback sara.kim may not do', async ({
  page,
}) => {
  await signIn(page, 'sara.kim'); // storefront, not an owner of payments-api
  const token = await backstageToken(page);

  // Without a token the endpoint refuses.
  const anonymous = await page.request.post(MCP_URL, {
    headers: { accept: 'application/json, text/event-stream' },
    data: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  });
  expect(anonymous.status()).toBe(401);

  const client = await mcpClient(token);
  try {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map(t => [t.name, t]));
    for (const name of [
      'deployments.get-status',
      'deployments.list-deployments',
      'deployments.preview-rollback',
      'deployments.rollback',
      'deployments.promote-canary',
      'deployments.resume-auto-sync',
      'provisioning.list-runs',
      'provisioning.approve-run',
      'provisioning.request',
      'observability.get-slis',
      'observability.list-error-traces',
    ]) {
      expect(byName.has(name), `tool ${name}`).toBe(true);
    }
    expect(byName.get('deployments.rollback')?.annotations).toMatchObject({
      destructiveHint: true,
      readOnlyHint: false,
    });
    expect(byName.get('deployments.get-status')?.annotations).toMatchObject({
      readOnlyHint: true,
    });

    const status = await client.callTool({
      name: 'deployments.get-status',
      arguments: { entity: 'payments-api', environment: 'prod' },
    });
    expect(status.isError, text(status)).toBeFalsy();
    const prod = (status.structuredContent as any).environments[0];
    expect(prod).toMatchObject({
      environment: 'prod',
      application: 'payments-api-prod',
      state: 'deployed',
    });
    expect(prod.history.length).toBeGreaterThan(0);
    // The refusal comes before any check of the entry: any id will do.
    const historyId =
      prod.history.find((h: any) => !h.current)?.id ?? prod.history[0].id;

    const rollback = await client.callTool({
      name: 'deployments.rollback',
      arguments: {
        entity: 'payments-api',
        environment: 'prod',
        historyId,
        reason: 'tried through MCP',
      },
    });
    expect(rollback.isError).toBe(true);
    const message =
      'You may not rollback component:default/payments-api in prod: production actions (deployments.rollback.production) are limited to the production groups.';
    expect(text(rollback)).toBe(`NotAllowedError: ${message}`);

    // The Deployments tab calls this API: its refusal says the same.
    const api = await page.request.post(
      '/api/deployments/entities/default/component/payments-api/environments/prod/rollback',
      {
        headers: { Authorization: `Bearer ${token}` },
        data: { id: historyId, reason: 'tried through the API' },
      },
    );
    expect(api.status()).toBe(403);
    expect((await api.json()).error.message).toBe(message);

    // Nothing changed.
    const after = await client.callTool({
      name: 'deployments.get-status',
      arguments: { entity: 'payments-api', environment: 'prod' },
    });
    expect((after.structuredContent as any).environments[0]).toMatchObject({
      revision: prod.revision,
      autoSync: prod.autoSync,
    });

    // Bad input is a tool error with the API's message, not a crash.
    const bad = await client.callTool({
      name: 'deployments.rollback',
      arguments: {
        entity: 'payments-api',
        environment: 'dev',
        historyId,
        reason: '',
      },
    });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toBe(
      'InputError: Invalid body: reason: a reason is required (at least 3 characters)',
    );
  } finally {
    await client.close();
  }
});
