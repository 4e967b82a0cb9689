import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  SERVICE_NAME_PATTERN,
  isServiceName,
} from '@internal/plugin-provisioning-common';

/** Kinds whose names a new service must not take (the backend checks the same). */
const KINDS = ['Component', 'API', 'Resource', 'System'];

/** A DNS-1123 label of 3 to 40 characters, as the template's schema says (one rule, shared with the backends). */
export const SERVICE_NAME = SERVICE_NAME_PATTERN;

export const isWellFormed = isServiceName;

/** The ref of an entity that already has this name, if any. */
export async function findTakenName(
  catalogApi: CatalogApi,
  name: string,
): Promise<string | undefined> {
  const { items } = await catalogApi.getEntities({
    filter: { kind: KINDS, 'metadata.name': name },
    fields: ['kind', 'metadata.name', 'metadata.namespace'],
  });
  return items[0] ? stringifyEntityRef(items[0]) : undefined;
}

export const takenMessage = (name: string, ref: string) =>
  `The name ${name} is taken in the catalog (${ref}); choose another name.`;
