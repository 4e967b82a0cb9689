import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { actionContext } from '../__testUtils__/actionContext';
import { createWaitForEntityAction } from './waitForEntity';

describe('catalog:entity:wait', () => {
  const getEntityByRef = jest.fn();
  const action = createWaitForEntityAction({
    catalog: { getEntityByRef } as unknown as CatalogService,
    auth: {
      getOwnServiceCredentials: async () => ({
        principal: { type: 'service' },
      }),
    } as unknown as AuthService,
    pollMs: 10,
  });
  const run = (input: object) => {
    const context = actionContext({ input, workspacePath: '/nonexistent' });
    return action.handler(context.ctx).then(() => context);
  };
  beforeEach(() => getEntityByRef.mockReset());

  it('ends when the catalog serves the entity, reading it as the service', async () => {
    getEntityByRef
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue({ kind: 'Component', metadata: { name: 'orders' } });
    const { outputs } = await run({ entityRef: 'component:orders' });
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
    expect(getEntityByRef).toHaveBeenCalledWith('component:default/orders', {
      credentials: { principal: { type: 'service' } },
    });
    expect(outputs).toEqual({ found: true });
  });

  it('warns and lets the task finish when the entity is late', async () => {
    getEntityByRef.mockResolvedValue(undefined);
    const { outputs, logs } = await run({
      entityRef: 'component:default/orders',
      timeoutSeconds: 1,
    });
    expect(outputs).toEqual({ found: false });
    expect(logs.join('\n')).toContain(
      'component:default/orders is not in the catalog yet',
    );
    expect(getEntityByRef.mock.calls.length).toBeGreaterThan(1);
  });

  it('refuses a malformed reference', async () => {
    await expect(run({ entityRef: 'not a ref:' })).rejects.toThrow();
    expect(getEntityByRef).not.toHaveBeenCalled();
  });
});
