import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { actionContext } from '../__testUtils__/actionContext';
import { createCheckServiceNameAction } from './checkServiceName';

const entity = (name: string, origin?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: origin
      ? { 'backstage.io/managed-by-origin-location': origin }
      : {},
  },
});

describe('catalog:service-name:check', () => {
  const getEntities = jest.fn();
  const getLocations = jest.fn().mockResolvedValue({ items: [] });
  const action = createCheckServiceNameAction({
    catalog: { getEntities, getLocations } as unknown as CatalogService,
    auth: {
      getOwnServiceCredentials: async () => ({
        principal: { type: 'service' },
      }),
    } as unknown as AuthService,
  });
  const check = (input: object) =>
    action.handler(actionContext({ input, workspacePath: '/nonexistent' }).ctx);

  it('passes a free name, asking the catalog about every kind a service must not collide with', async () => {
    getEntities.mockResolvedValue({ items: [] });
    await check({ name: 'orders' });
    expect(getEntities).toHaveBeenCalledWith(
      {
        filter: {
          kind: ['Component', 'API', 'Resource', 'System'],
          'metadata.name': 'orders',
        },
      },
      { credentials: { principal: { type: 'service' } } },
    );
  });

  it('stops the task on a taken name, naming the entity', async () => {
    getEntities.mockResolvedValue({ items: [entity('payments-api')] });
    await expect(check({ name: 'payments-api' })).rejects.toThrow(
      "The name 'payments-api' is taken in the catalog (component:default/payments-api); choose another name",
    );
  });

  it('lets a re-run through when the entity came from this service repository', async () => {
    getEntities.mockResolvedValue({
      items: [
        entity(
          'orders',
          'url:http://localhost:7010/acme/orders/tree/main/catalog-info.yaml',
        ),
      ],
    });
    await check({
      name: 'orders',
      repositoryUrl: 'http://localhost:7010/acme/orders',
    });
    await expect(
      check({
        name: 'orders',
        repositoryUrl: 'http://localhost:7010/acme/orders-v2',
      }),
    ).rejects.toThrow(/is taken/);
  });

  it("says when this repository's location is registered already, so a re-run's catalog:register may find it", async () => {
    getEntities.mockResolvedValue({ items: [] });
    getLocations.mockResolvedValue({
      items: [
        {
          id: 'l1',
          type: 'url',
          target:
            'http://localhost:7010/acme/orders/blob/main/catalog-info.yaml',
        },
      ],
    });
    const rerun = actionContext({
      input: {
        name: 'orders',
        repositoryUrl: 'http://localhost:7010/acme/orders',
      },
      workspacePath: '/nonexistent',
    });
    await action.handler(rerun.ctx);
    expect(rerun.outputs.locationRegistered).toBe(true);

    const other = actionContext({
      input: {
        name: 'orders',
        repositoryUrl: 'http://localhost:7010/acme/ord',
      },
      workspacePath: '/nonexistent',
    });
    await action.handler(other.ctx);
    expect(other.outputs.locationRegistered).toBe(false);
  });
});
