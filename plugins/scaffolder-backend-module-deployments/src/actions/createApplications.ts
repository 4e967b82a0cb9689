import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  v1alpha1AppProject,
  v1alpha1Application,
} from '@internal/plugin-deployments-node';
import { ArgoCDError, syncHeldFor } from '@internal/plugin-deployments-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ArgoCDInstances } from './argoCDInstances';
import { examples } from './createApplications.examples';
import {
  applicationToCreate,
  createApplicationReusingReleased,
} from './heldApplications';

interface Manifest {
  file: string;
  kind: 'AppProject' | 'Application';
  name: string;
  object: { metadata: Record<string, unknown>; spec: Record<string, unknown> };
}

/** Reads every Argo CD manifest of the folder, refusing anything else. */
async function readManifests(dir: string): Promise<Manifest[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter(f => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new InputError(`No folder of Argo CD manifests at ${dir}`);
  }
  const manifests: Manifest[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(await readFile(join(dir, file), 'utf8'));
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        throw new InputError(
          `${file} is not valid YAML: ${doc.errors[0].message}`,
        );
      }
      const object = doc.toJS();
      if (!object) continue;
      const { apiVersion, kind, metadata, spec } = object;
      if (
        apiVersion !== 'argoproj.io/v1alpha1' ||
        (kind !== 'AppProject' && kind !== 'Application')
      ) {
        throw new InputError(
          `${file}: expected argoproj.io/v1alpha1 Application or AppProject, got ${apiVersion} ${kind}`,
        );
      }
      if (typeof metadata?.name !== 'string' || !spec) {
        throw new InputError(`${file}: ${kind} without metadata.name or spec`);
      }
      manifests.push({
        file,
        kind,
        name: metadata.name,
        object: { metadata, spec },
      });
    }
  }
  if (!manifests.some(m => m.kind === 'Application')) {
    throw new InputError(`No Argo CD Application in ${dir}`);
  }
  return manifests;
}

function explain(error: unknown, what: string, instance: string): Error {
  if (error instanceof ArgoCDError) {
    return new Error(
      `Argo CD instance '${instance}' refused to create ${what}: ${error.message}`,
    );
  }
  return error as Error;
}

/**
 * `argocd:create-applications`: creates the AppProject and Applications
 * rendered into the workspace through the Argo CD API, each Application in
 * the instance that deploys to its destination cluster. Argo CD answers a
 * create of an identical object with the existing one, so a re-run reuses
 * what a failed run created; an existing object with a different spec is
 * refused unless `upsert` is set.
 */
export function createArgoCDApplicationsAction(options: {
  instances: ArgoCDInstances;
}) {
  const { instances } = options;
  return createTemplateAction({
    id: 'argocd:create-applications',
    description:
      'Creates the Argo CD AppProject and Applications whose manifests are in a workspace folder, through the Argo CD API of the instance deploying to each destination cluster',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        manifestsPath: z =>
          z
            .string()
            .default('argocd')
            .describe(
              'Workspace folder holding the AppProject and Application manifests (YAML)',
            ),
        upsert: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'Replace existing objects whose spec differs; otherwise they are refused (identical ones are reused either way)',
            ),
      },
      output: {
        applications: z =>
          z
            .array(
              z.object({
                name: z.string(),
                environment: z.string(),
                instance: z.string(),
                url: z.string(),
              }),
            )
            .describe(
              'The Applications, with their Argo CD instance and UI link',
            ),
        project: z =>
          z.string().optional().describe('The AppProject, when there is one'),
      },
    },
    async handler(ctx) {
      const dir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.manifestsPath ?? 'argocd',
      );
      const manifests = await readManifests(dir);
      const projects = manifests.filter(m => m.kind === 'AppProject');
      const apps = manifests
        .filter(m => m.kind === 'Application')
        .map(m => {
          const environment = String(
            (m.object.spec as v1alpha1Application['spec'])?.destination?.name ??
              '',
          );
          if (!environment) {
            throw new InputError(
              `${m.file}: Application ${m.name} needs spec.destination.name (the environment's cluster)`,
            );
          }
          return {
            ...m,
            object: applicationToCreate(m.object as v1alpha1Application),
            environment,
            instance: instances.forEnvironment(environment),
          };
        });
      const upsert = ctx.input.upsert ?? false;

      ctx.output(
        'applications',
        apps.map(a => ({
          name: a.name,
          environment: a.environment,
          instance: a.instance.name,
          url: `${a.instance.webUrl}/applications/argocd/${a.name}`,
        })),
      );
      if (projects[0]) ctx.output('project', projects[0].name);

      if (ctx.isDryRun) {
        for (const m of [...projects, ...apps]) {
          ctx.logger.info(`Dry run: would create ${m.kind} ${m.name}`);
        }
        return;
      }

      // A project must exist in every instance that deploys one of its apps.
      for (const project of projects) {
        const targets = new Set(
          apps
            .filter(
              a =>
                ((a.object.spec as v1alpha1Application['spec'])?.project ??
                  'default') === project.name,
            )
            .map(a => a.instance),
        );
        for (const instance of targets) {
          await ctx.checkpoint({
            key: `argocd.project.${instance.name}.${project.name}`,
            fn: async () => {
              try {
                await instance.client.createProject(
                  project.object as v1alpha1AppProject,
                  { upsert },
                );
              } catch (error) {
                throw explain(
                  error,
                  `AppProject ${project.name}`,
                  instance.name,
                );
              }
              ctx.logger.info(
                `AppProject ${project.name} is in Argo CD instance ${instance.name}`,
              );
            },
          });
        }
      }

      const started = Date.now();
      for (const app of apps) {
        await ctx.checkpoint({
          key: `argocd.application.${app.instance.name}.${app.name}`,
          fn: async () => {
            let created: v1alpha1Application;
            try {
              created = await createApplicationReusingReleased(
                app.instance.client,
                app.object,
                { upsert },
              );
            } catch (error) {
              throw explain(
                error,
                `Application ${app.name}`,
                app.instance.name,
              );
            }
            // Argo CD answers an identical existing app instead of creating it.
            const createdAt = Date.parse(
              created.metadata?.creationTimestamp ?? '',
            );
            const reused = createdAt < started - 1000;
            ctx.logger.info(
              `${reused ? 'Reused the existing' : 'Created'} Application ${
                app.name
              } in Argo CD instance ${app.instance.name} (${
                app.environment
              }): ${created.status?.sync?.status ?? 'Unknown'}, ${
                created.status?.health?.status ?? 'Unknown'
              }${
                syncHeldFor(app.object)
                  ? `; automated sync waits for its ${syncHeldFor(app.object)}`
                  : ''
              }`,
            );
          },
        });
      }
    },
  });
}
