import { expect, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/**
 * The portal's permission policy, asked through the permission backend with
 * the tokens of real signed-in users, as every plugin's backend asks it.
 */
const entityDelete = {
  type: 'resource',
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
};
const locationDelete = {
  type: 'basic',
  name: 'catalog.location.delete',
  attributes: { action: 'delete' },
};
const entityRead = {
  type: 'resource',
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
};

const cases = [
  {
    user: 'lena.fischer',
    permission: entityDelete,
    resourceRef: 'component:default/payments-api',
    result: 'ALLOW',
    why: 'owner of payments-api',
  },
  {
    user: 'lena.fischer',
    permission: entityDelete,
    resourceRef: 'component:default/cart-service',
    result: 'DENY',
    why: 'not the owner of cart-service',
  },
  {
    user: 'lena.fischer',
    permission: entityRead,
    resourceRef: 'component:default/cart-service',
    result: 'ALLOW',
    why: 'everyone reads',
  },
  {
    user: 'lena.fischer',
    permission: locationDelete,
    result: 'DENY',
    why: 'not an admin',
  },
  {
    user: 'priya.sharma',
    permission: entityDelete,
    resourceRef: 'component:default/cart-service',
    result: 'ALLOW',
    why: 'platform admin',
  },
  {
    user: 'priya.sharma',
    permission: locationDelete,
    result: 'ALLOW',
    why: 'platform admin',
  },
];

for (const user of ['lena.fischer', 'priya.sharma']) {
  test(`permission policy decides for ${user}`, async ({ page }) => {
    await signIn(page, user);
    const token = await backstageToken(page);
    const mine = cases.filter(c => c.user === user);
    const res = await page.request.post('/api/permission/authorize', {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        items: mine.map((c, i) => ({
          id: String(i),
          permission: c.permission,
          ...(c.resourceRef ? { resourceRef: c.resourceRef } : {}),
        })),
      },
    });
    expect(res.ok()).toBe(true);
    const { items } = await res.json();
    const decided = mine.map((c, i) => ({
      why: c.why,
      result: items.find((it: { id: string }) => it.id === String(i))?.result,
    }));
    expect(decided).toEqual(mine.map(c => ({ why: c.why, result: c.result })));
  });
}
