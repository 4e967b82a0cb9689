import { SignInPage } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApiRef';

/** Sign-in through the company IdP only: there is no guest access. */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          auto
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
