import { expect, test } from '@playwright/test';
import { signedInMarker, signIn } from './support/signIn';

test.describe('sign-in through the OIDC provider', () => {
  for (const user of [
    {
      login: 'lena.fischer',
      name: 'Lena Fischer',
      email: 'lena.fischer@acme.example',
    },
    {
      login: 'priya.sharma@acme.example',
      name: 'Priya Sharma',
      email: 'priya.sharma@acme.example',
    },
  ]) {
    test(`${user.login} signs in and is that catalog user`, async ({
      page,
    }) => {
      await signIn(page, user.login);
      await page.goto('/settings');
      await expect(page.getByText(user.name).first()).toBeVisible();
      await expect(page.getByText(user.email).first()).toBeVisible();
    });
  }

  test('a wrong password is refused on the login page', async ({ page }) => {
    await page.goto('/');
    const popupPromise = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign In' }).click();
    const popup = await popupPromise;
    await popup.getByLabel('Username or e-mail').fill('lena.fischer');
    await popup.getByLabel('Password').fill('not-the-password');
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await expect(popup.getByRole('alert')).toHaveText(
      'Unknown user or wrong password.',
    );
    await popup.close();
    await expect(signedInMarker(page)).toHaveCount(0);
  });

  test('the session survives a page reload', async ({ page }) => {
    await signIn(page, 'tom.becker');
    await page.reload();
    await expect(signedInMarker(page)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign In' })).toHaveCount(0);
  });
});
