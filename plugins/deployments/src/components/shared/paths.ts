import { parseEntityRef } from '@backstage/catalog-model';

/** A tab of the entity's page (the catalog's default entity route), e.g. `deployments`. */
export function entityTabPath(entityRef: string, tab: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/${tab}`;
}
