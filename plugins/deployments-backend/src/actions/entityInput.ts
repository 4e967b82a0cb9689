import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The entity an action names: `payments-api` (a component in the default
 * namespace, as people and models say it) or a full ref.
 */
export function entityRefOf(text: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(text.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(
      `Invalid entity: '${text}' is neither a service name like payments-api nor an entity ref like component:default/payments-api`,
    );
  }
}

/** The description of the `entity` input every action shares. */
export const ENTITY_DESCRIPTION =
  'The service: its catalog name (e.g. payments-api, a component in the default namespace) or a full entity ref (component:default/payments-api).';
