import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  gitlabAuthApiRef,
  googleAuthApiRef,
  microsoftAuthApiRef,
  oktaAuthApiRef,
  oneloginAuthApiRef,
} from '@backstage/core-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import {
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
  kubernetesClusterLinkFormatterApiRef,
  kubernetesProxyApiRef,
} from '@backstage/plugin-kubernetes-react';
import { lazyApi } from './lazyApi';

const implementations = () => import('./implementations');

/**
 * The Kubernetes plugin (`@backstage/plugin-kubernetes/alpha`) with the
 * same extension ids, except that its API clients are imported on their
 * first call: the stock plugin imports them when the app starts, so every
 * sign-in downloaded them, though only an entity's Kubernetes tab calls
 * them. The stock package is excluded from discovery (`app.packages` in
 * app-config.yaml) so that this one takes its place.
 */
export const kubernetesPlugin = createFrontendPlugin({
  pluginId: 'kubernetes',
  title: 'Kubernetes',
  extensions: [
    EntityContentBlueprint.make({
      name: 'kubernetes',
      params: {
        path: '/kubernetes',
        title: 'Kubernetes',
        group: 'deployment',
        filter: {
          $any: [
            {
              [`metadata.annotations.${KUBERNETES_ANNOTATION}`]: {
                $exists: true,
              },
            },
            {
              [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}`]:
                { $exists: true },
            },
          ],
        },
        loader: () =>
          import('@backstage/plugin-kubernetes').then(m => <m.Router />),
      },
    }),
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: kubernetesApiRef,
          deps: {
            discoveryApi: discoveryApiRef,
            fetchApi: fetchApiRef,
            kubernetesAuthProvidersApi: kubernetesAuthProvidersApiRef,
          },
          factory: deps =>
            lazyApi(
              () =>
                implementations().then(
                  m => new m.KubernetesBackendClient(deps),
                ),
              {
                getObjectsByEntity: true,
                getClusters: true,
                getCluster: true,
                getWorkloadsByEntity: true,
                getCustomObjectsByEntity: true,
                proxy: true,
              },
            ),
        }),
    }),
    ApiBlueprint.make({
      name: 'proxy',
      params: defineParams =>
        defineParams({
          api: kubernetesProxyApiRef,
          deps: { kubernetesApi: kubernetesApiRef },
          factory: deps =>
            lazyApi(
              () =>
                implementations().then(m => new m.KubernetesProxyClient(deps)),
              {
                getPodLogs: true,
                deletePod: true,
                getEventsByInvolvedObjectName: true,
              },
            ),
        }),
    }),
    ApiBlueprint.make({
      name: 'auth-providers',
      params: defineParams =>
        defineParams({
          api: kubernetesAuthProvidersApiRef,
          deps: {
            gitlabAuthApi: gitlabAuthApiRef,
            googleAuthApi: googleAuthApiRef,
            microsoftAuthApi: microsoftAuthApiRef,
            oktaAuthApi: oktaAuthApiRef,
            oneloginAuthApi: oneloginAuthApiRef,
          },
          factory: ({
            gitlabAuthApi,
            googleAuthApi,
            microsoftAuthApi,
            oktaAuthApi,
            oneloginAuthApi,
          }) =>
            lazyApi(
              () =>
                implementations().then(
                  m =>
                    new m.KubernetesAuthProviders({
                      microsoftAuthApi,
                      googleAuthApi,
                      oidcProviders: {
                        gitlab: gitlabAuthApi,
                        google: googleAuthApi,
                        microsoft: microsoftAuthApi,
                        okta: oktaAuthApi,
                        onelogin: oneloginAuthApi,
                      },
                    }),
                ),
              { decorateRequestBodyForAuth: true, getCredentials: true },
            ),
        }),
    }),
    ApiBlueprint.make({
      name: 'cluster-link-formatter',
      params: defineParams =>
        defineParams({
          api: kubernetesClusterLinkFormatterApiRef,
          deps: { googleAuthApi: googleAuthApiRef },
          factory: deps =>
            lazyApi(
              () =>
                implementations().then(
                  m =>
                    new m.KubernetesClusterLinkFormatter({
                      formatters: m.getDefaultFormatters(deps),
                      defaultFormatterName: m.DEFAULT_FORMATTER_NAME,
                    }),
                ),
              { formatClusterLink: true },
            ),
        }),
    }),
  ],
});
