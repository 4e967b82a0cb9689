import type { Entity } from '@backstage/catalog-model';
import { PROVISIONING_WORKSPACES_ANNOTATION } from './types';

/** A workspace the annotation names, with the environment it stands for. */
export interface AnnotatedWorkspace {
  workspaceName: string;
  environment: string;
}

/**
 * The workspaces of `provisioning.acme.example/workspaces`
 * (`<service>-<env>`, comma-separated), with their environment: the part after
 * `<service>-`, or after the last dash when the name does not start with the
 * service's name.
 */
export function annotatedWorkspaces(entity: Entity): AnnotatedWorkspace[] {
  const value =
    entity.metadata.annotations?.[PROVISIONING_WORKSPACES_ANNOTATION] ?? '';
  const prefix = `${entity.metadata.name}-`;
  return value
    .split(',')
    .map(name => name.trim())
    .filter(Boolean)
    .map(workspaceName => ({
      workspaceName,
      environment: workspaceName.startsWith(prefix)
        ? workspaceName.slice(prefix.length)
        : workspaceName.slice(workspaceName.lastIndexOf('-') + 1),
    }));
}

/** True when the entity names provisioning workspaces (the Infrastructure tab's filter). */
export function isProvisioningAvailable(entity: Entity): boolean {
  return annotatedWorkspaces(entity).length > 0;
}

/** The workspace name of a service in an environment. */
export function workspaceNameOf(service: string, environment: string): string {
  return `${service}-${environment}`;
}
