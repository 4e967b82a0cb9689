import yaml from 'js-yaml';
import { SYNC_HELD_ANNOTATION } from '@internal/plugin-deployments-common';
import type {
  v1alpha1AppProject,
  v1alpha1Application,
} from '@internal/api-argocd';
import { renderServiceRepository } from '../../world/serviceSkeleton';
import type { Environment, World } from '../../world/World';
import type { ApplicationStore } from './ApplicationStore';
import { publishRepository } from './publishRepository';
import { sampleReleases } from './samplePast';

export interface SampleRepositoryOptions {
  /** The GitHub API, e.g. `http://localhost:7010/github/api/v3`. */
  apiUrl: string;
  /** Where repositories are cloned from: `<webUrl>/<owner>/<repo>.git`. */
  webUrl: string;
  token: string;
  owner: string;
  /** The clock the repositories' past is dated from. */
  now?: () => Date;
}

/** What a sample service's catalog tags say it was created with. */
function tiersOf(tags: string[]) {
  return {
    database: tags.includes('postgres') ? 'rds-postgres' : 'none',
    cache: tags.includes('redis') ? 'redis' : 'none',
    queue: tags.includes('sqs') ? 'sqs' : 'none',
  };
}

/**
 * A sample service's tiers were provisioned long ago: its Applications are
 * as the portal leaves them once released, without the template's hold.
 */
function released(annotations: Record<string, string> = {}) {
  const { [SYNC_HELD_ANNOTATION]: _held, ...rest } = annotations;
  return rest;
}

/**
 * Gives the sample services of the catalog what a service created in the
 * portal has: a repository in the GitHub simulator rendered from the
 * template at its current version, with the record "Create microservice"
 * leaves (catalog-info.yaml's template annotations and answers,
 * `.paved-road.yaml`), so the Paved road tells when a sample falls behind
 * (once; an existing repository is kept), and the Argo
 * CD project and Applications of its `argocd/` directory, which replace the
 * synthetic world apps. From then on sample and created services follow one
 * code path (git -> Helm -> Rollout). Seeded services keep the synthetic path.
 */
export async function adoptSampleRepositories(
  world: World,
  store: ApplicationStore,
  options: SampleRepositoryOptions,
): Promise<void> {
  const headers = { authorization: `token ${options.token}` };
  for (const service of world.declaredServices().filter(s => !s.generated)) {
    const environments = service.environments.filter(e =>
      store.environments.includes(e),
    ) as Environment[];
    const repoUrl = `${options.webUrl}/${options.owner}/${service.name}.git`;
    const files = renderServiceRepository({
      name: service.name,
      description: `The ${service.name} service`,
      owner: service.owner,
      system: service.system ? `system:default/${service.system}` : '',
      environments,
      ...tiersOf(world.tagsOf(service.name)),
      repoUrl,
      imageTag: '1.0.0',
    });
    // Checked on every start: the apps may outlive the repository (a state
    // directory kept while the GitHub simulator's was not).
    const existing = await fetch(
      `${options.apiUrl}/repos/${options.owner}/${service.name}`,
      { headers },
    );
    if (existing.status === 404) {
      // Not a repository of one commit: weeks of releases by its team, so
      // its apps have a history to look back at and roll back to.
      const past = sampleReleases({
        service: service.name,
        environments,
        files,
        people: world
          .users()
          .filter(user => user.groups.includes(service.owner))
          .map(user => ({ name: user.displayName, email: user.email })),
        now: options.now?.() ?? new Date(),
      });
      await publishRepository({
        ...options,
        name: service.name,
        files,
        message: `Create ${service.name} from the microservice template`,
        author: past.author,
        date: past.created,
        later: past.later,
      });
    } else if (!existing.ok) {
      throw new Error(
        `GitHub answered ${existing.status} for ${options.owner}/${service.name}`,
      );
    }
    const project = yaml.load(
      files.get('argocd/project.yaml') ?? '',
    ) as v1alpha1AppProject;
    if (project?.metadata?.name && !store.project(project.metadata.name)) {
      store.saveProject(project);
    }
    for (const environment of environments) {
      const manifest = yaml.load(
        files.get(`argocd/${service.name}-${environment}.yaml`) ?? '',
      ) as v1alpha1Application;
      const name = manifest?.metadata?.name;
      if (!name || !manifest.spec || store.get(name)?.gitSourced) continue;
      if (store.wasDeleted(name)) continue; // a person deleted it
      // It has run since the repository began: its syncs come from git.
      const past = await store.pastOf(manifest.spec).catch(() => undefined);
      const app = store.createApplication(
        {
          name,
          spec: manifest.spec,
          labels: {
            ...manifest.metadata?.labels,
            'backstage.io/kubernetes-id': service.name,
          },
          annotations: released(manifest.metadata?.annotations),
          environment,
        },
        past?.createdAt,
      );
      await store.refresh(app);
      if (past) {
        store.adoptPast(app, past.history);
      }
    }
  }
}
