import express, { Router } from 'express';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { SimulatorFactory } from '../types';
import { World } from '../../world/World';
import { renderLoginPage } from './loginPage';

export interface IdentitySimulatorOptions {
  /** The portal's base URL; its OIDC callback is the client's redirect URI. */
  portalUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** The password every sample user signs in with. */
  password?: string;
}

// oidc-provider is ESM-only; Node 22 loads it from CommonJS with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadProvider = () =>
  require('oidc-provider').default as typeof import('oidc-provider').default;

function accountClaims(world: World, sub: string) {
  const user = world.findUser(sub);
  if (!user) {
    return undefined;
  }
  const [givenName, ...rest] = user.displayName.split(' ');
  return {
    sub: user.name,
    email: user.email,
    email_verified: true,
    name: user.displayName,
    given_name: givenName,
    family_name: rest.join(' '),
    preferred_username: user.name,
    groups: user.groups,
  };
}

/**
 * The company identity provider: a real OpenID Connect provider (panva's
 * oidc-provider, certified by the OpenID Foundation) whose accounts are the
 * sample users of the world. Only the sign-in form is ours.
 */
export function identitySimulator(
  options: IdentitySimulatorOptions,
): SimulatorFactory {
  const clientId = options.clientId ?? 'backstage';
  const clientSecret = options.clientSecret ?? 'sandbox-oidc-secret';
  const password = options.password ?? 'sandbox';

  return {
    name: 'oidc',
    async create({ world, mountUrl }) {
      const Provider = loadProvider();
      const { privateKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
      });
      const signingKey = {
        ...privateKey.export({ format: 'jwk' }),
        kid: 'sandbox-signing-key',
        use: 'sig',
        alg: 'RS256',
      };

      const configuration: Configuration = {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            client_name: 'Developer Portal',
            redirect_uris: [
              `${options.portalUrl.replace(
                /\/$/,
                '',
              )}/api/auth/oidc/handler/frame`,
            ],
            post_logout_redirect_uris: [options.portalUrl],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
          },
        ],
        jwks: { keys: [signingKey as any] },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        claims: {
          openid: ['sub'],
          email: ['email', 'email_verified'],
          profile: ['name', 'given_name', 'family_name', 'preferred_username'],
          groups: ['groups'],
        },
        scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
        // Like common company IdPs, put the scopes' claims (e-mail, name,
        // groups) into the ID token too, not only into userinfo.
        conformIdTokenClaims: false,
        features: {
          devInteractions: { enabled: false },
          revocation: { enabled: true },
          rpInitiatedLogout: { enabled: true },
        },
        interactions: {
          url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) =>
            `${new URL(mountUrl).pathname}/interaction/${interaction.uid}`,
        },
        findAccount: async (_ctx, sub) => {
          const claims = accountClaims(world, sub);
          return claims
            ? { accountId: sub, claims: async () => claims }
            : undefined;
        },
        // The portal is a first-party client: consent is implied, as with a
        // company IdP, so the grant is created without a consent screen.
        loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
          const { client, session, provider } = ctx.oidc;
          if (!client || !session?.accountId) {
            return undefined;
          }
          const existing = session.grantIdFor(client.clientId);
          if (existing) {
            const grant = await provider.Grant.find(existing);
            if (grant) {
              return grant;
            }
          }
          const grant = new provider.Grant({
            clientId: client.clientId,
            accountId: session.accountId,
          });
          grant.addOIDCScope('openid email profile groups offline_access');
          await grant.save();
          session.grantIdFor(client.clientId, grant.jti);
          return grant;
        },
        // A refresh token lets the portal restore a session after a page reload.
        issueRefreshToken: async (_ctx, client) =>
          client.grantTypeAllowed('refresh_token'),
        ttl: {
          AccessToken: 3600,
          AuthorizationCode: 600,
          IdToken: 3600,
          Interaction: 3600,
          Session: 86400,
          Grant: 86400,
          RefreshToken: 86400,
        },
      };

      let provider = new Provider(mountUrl, configuration);
      const router = Router();
      const form = express.urlencoded({ extended: false });

      router.get('/interaction/:uid', async (req, res, next) => {
        try {
          const details = await provider.interactionDetails(req, res);
          const client = await provider.Client.find(
            String(details.params.client_id),
          );
          res.type('html').send(
            renderLoginPage({
              action: `${req.baseUrl}/interaction/${details.uid}/login`,
              clientName:
                client?.clientName ?? String(details.params.client_id),
              users: world.users(),
            }),
          );
        } catch (error) {
          next(error);
        }
      });

      router.post('/interaction/:uid/login', form, async (req, res, next) => {
        try {
          const details = await provider.interactionDetails(req, res);
          const login = String(req.body?.login ?? '');
          const user = world.findUser(login);
          if (!user || req.body?.password !== password) {
            const client = await provider.Client.find(
              String(details.params.client_id),
            );
            res
              .status(401)
              .type('html')
              .send(
                renderLoginPage({
                  action: `${req.baseUrl}/interaction/${details.uid}/login`,
                  clientName:
                    client?.clientName ?? String(details.params.client_id),
                  users: world.users(),
                  login,
                  error: 'Unknown user or wrong password.',
                }),
              );
            return;
          }
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: user.name } },
            { mergeWithLastSubmission: false },
          );
        } catch (error) {
          next(error);
        }
      });

      router.use((req, res) => provider.callback()(req, res));

      return {
        handler: router,
        reset() {
          // Sessions and grants live in the provider's memory adapter: a new
          // provider instance forgets every signed-in session.
          provider = new Provider(mountUrl, configuration);
        },
      };
    },
  };
}
