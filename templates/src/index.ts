/**
 * The portal's Scaffolder templates. The package holds no runtime code: it
 * ships the template files and tests them by rendering them through the real
 * scaffolder actions.
 *
 * @packageDocumentation
 */

import { resolvePackagePath } from '@backstage/backend-plugin-api';

/**
 * Absolute path of the "Create microservice" template entity file, for
 * registering it as a catalog location.
 *
 * @public
 */
export const microserviceTemplatePath = resolvePackagePath(
  '@internal/templates',
  'microservice/template.yaml',
);
