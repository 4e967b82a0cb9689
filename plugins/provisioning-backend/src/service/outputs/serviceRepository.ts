import type { Entity } from '@backstage/catalog-model';
import {
  parseGitHubRepositoryUrl,
  type ParsedRepositoryUrl,
} from '@internal/plugin-deployments-node';

const SOURCE_LOCATION = 'backstage.io/source-location';
const MANAGED_BY = [
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];
const PROJECT_SLUG = 'github.com/project-slug';

/**
 * The repository of a service, as its catalog entity says: the
 * `github.com/project-slug` annotation (on the host of its locations), else
 * `backstage.io/source-location`, else the location it was registered from
 * (what `catalog:register` of the template leaves). Never derived from the
 * entity's name.
 */
export function serviceRepositoryOf(
  entity: Entity,
): ParsedRepositoryUrl | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const locations = [SOURCE_LOCATION, ...MANAGED_BY]
    .map(key => annotations[key])
    .filter((value): value is string => !!value && value.startsWith('url:'))
    .map(parseGitHubRepositoryUrl)
    .filter((repo): repo is ParsedRepositoryUrl => !!repo);
  const slug = annotations[PROJECT_SLUG]?.split('/');
  if (slug?.length === 2 && slug[0] && slug[1]) {
    const onHost = locations.find(
      l => l.owner === slug[0] && l.repo === slug[1],
    );
    return (
      onHost ?? {
        host: locations[0]?.host ?? 'github.com',
        owner: slug[0],
        repo: slug[1],
        htmlUrl: `https://${locations[0]?.host ?? 'github.com'}/${slug[0]}/${
          slug[1]
        }`,
      }
    );
  }
  const source = locations[0];
  if (!source) return undefined;
  // A catalog-info.yaml's location names its branch (`blob/<branch>/...`).
  return source;
}
