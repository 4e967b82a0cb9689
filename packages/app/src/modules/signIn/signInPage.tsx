import { SignInPage } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApiRef';

/**
 * Sign-in through the company IdP only: there is no guest access. Not `auto`:
 * an automatic popup on load is blocked by browsers without a user gesture,
 * and a click then re-navigates the popup it already opened, losing what the
 * user typed there.
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          provider={{
            id: 'oidc-auth-provider',
            title: 'ACME SSO',
            message: 'Sign in with your company account',
            apiRef: oidcAuthApiRef,
          }}
        />
      ),
  },
});
