import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCheckServiceNameAction } from './actions/checkServiceName';
import { createWaitForEntityAction } from './actions/waitForEntity';
import { createCheckServiceOwnerAction } from './actions/checkServiceOwner';
import { createArgoCDApplicationsAction } from './actions/createApplications';
import { createResolveRepositoryAction } from './actions/resolveRepository';
import { withMessageOnlyErrors } from './actions/messageOnlyErrors';

/**
 * The scaffolder actions of the "Create microservice" path that Backstage
 * does not ship: Argo CD Applications through the Argo CD API, the
 * repository lookup that makes a re-run reuse what exists, and the
 * backend's check of the service name.
 */
export const scaffolderModuleDeployments = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'deployments',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
      },
      async init({
        scaffolder,
        config,
        catalog,
        auth,
        permissions,
        logger,
        discovery,
      }) {
        const integrations = ScmIntegrations.fromConfig(config);
        // Task logs show a failed step's stack: ours carry the message only.
        [
          createArgoCDApplicationsAction({ discovery, auth }),
          createResolveRepositoryAction({ integrations }),
          createCheckServiceNameAction({ catalog, auth }),
          createWaitForEntityAction({ catalog, auth }),
          createCheckServiceOwnerAction({ catalog, permissions }),
        ].forEach(action =>
          scaffolder.addActions(withMessageOnlyErrors(action, logger)),
        );
      },
    });
  },
});
