/**
 * The portal's permission policy, installed into the permission backend
 * through the policy extension point.
 *
 * @packageDocumentation
 */

export { permissionModulePortalPolicy as default } from './module';
export {
  PortalPermissionPolicy,
  type PortalPermissionPolicyOptions,
} from './PortalPermissionPolicy';
