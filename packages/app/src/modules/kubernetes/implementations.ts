// The Kubernetes plugin's API implementations, imported on first use only
// (see plugin.tsx): this module is its own chunk, out of the first load.
import {
  DEFAULT_FORMATTER_NAME,
  getDefaultFormatters,
  KubernetesAuthProviders,
  KubernetesBackendClient,
  KubernetesClusterLinkFormatter,
  KubernetesProxyClient,
} from '@backstage/plugin-kubernetes-react';

export {
  DEFAULT_FORMATTER_NAME,
  getDefaultFormatters,
  KubernetesAuthProviders,
  KubernetesBackendClient,
  KubernetesClusterLinkFormatter,
  KubernetesProxyClient,
};
