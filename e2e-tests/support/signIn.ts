import { expect, Page } from '@playwright/test';

/** The sandbox IdP's password for every sample user. */
export const SANDBOX_PASSWORD = 'sandbox';

/**
 * Signs in through the real OpenID Connect flow: the portal's sign-in button
 * opens the IdP's login page in a popup, the user submits the form, the popup
 * returns to the portal's callback and closes.
 */
export async function signIn(
  page: Page,
  login: string,
  password = SANDBOX_PASSWORD,
) {
  await page.goto('/');
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupPromise;
  await popup.getByLabel('Username or e-mail').fill(login);
  await popup.getByLabel('Password').fill(password);
  await Promise.all([
    popup.waitForEvent('close'),
    popup.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await expect(signedInMarker(page)).toBeVisible();
}

/** Only a signed-in user sees the app's sidebar with its Settings entry. */
export function signedInMarker(page: Page) {
  return page.getByRole('link', { name: 'Settings', exact: true });
}
