import { ScaffolderTaskLookup } from './ScaffolderTaskLookup';

describe('ScaffolderTaskLookup', () => {
  const credentials = { principal: { userEntityRef: 'user:default/a' } } as any;

  function lookup(status: number, body: unknown = {}) {
    const calls: Array<{ url: string; authorization?: string }> = [];
    const tokens: unknown[] = [];
    const tasks = new ScaffolderTaskLookup({
      discovery: {
        getBaseUrl: async (id: string) => `http://backend/api/${id}`,
      } as any,
      auth: {
        getPluginRequestToken: async (options: unknown) => {
          tokens.push(options);
          return { token: 'obo-token' };
        },
      } as any,
      fetch: (async (url: string, init: any) => {
        calls.push({ url, authorization: init.headers.authorization });
        return new Response(JSON.stringify(body), { status });
      }) as any,
    });
    return { tasks, calls, tokens };
  }

  it("reads the task on the caller's behalf", async () => {
    const { tasks, calls, tokens } = lookup(200, {
      id: 't/1',
      status: 'processing',
      createdBy: 'user:default/a',
      spec: { templateInfo: { entityRef: 'template:default/microservice' } },
    });
    expect(await tasks.getTask('t/1', credentials)).toEqual({
      status: 'processing',
      createdBy: 'user:default/a',
      templateRef: 'template:default/microservice',
    });
    expect(tokens).toEqual([
      { onBehalfOf: credentials, targetPluginId: 'scaffolder' },
    ]);
    expect(calls).toEqual([
      {
        url: 'http://backend/api/scaffolder/v2/tasks/t%2F1',
        authorization: 'Bearer obo-token',
      },
    ]);
  });

  it.each([404, 403])('answers undefined for a %d', async status => {
    expect(
      await lookup(status).tasks.getTask('t', credentials),
    ).toBeUndefined();
  });

  it('throws when the scaffolder fails', async () => {
    await expect(
      lookup(500, { error: { message: 'boom' } }).tasks.getTask(
        't',
        credentials,
      ),
    ).rejects.toThrow();
  });
});
