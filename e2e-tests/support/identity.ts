import { Page } from '@playwright/test';

/**
 * The Backstage token of the signed-in user, as the frontend gets it: a
 * refresh of the OIDC session (its cookie is in the page's browser context).
 */
export async function backstageToken(page: Page): Promise<string> {
  const res = await page.request.get('/api/auth/oidc/refresh?env=development', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok()) {
    throw new Error(`refresh failed: ${res.status()} ${await res.text()}`);
  }
  const body = await res.json();
  return body.backstageIdentity.token;
}
