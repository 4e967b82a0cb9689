import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { syncHeldFor } from '@internal/plugin-deployments-node';
import type {
  CreateApplicationsRequest,
  CreateApplicationsResponse,
} from '@internal/plugin-deployments-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { examples } from './createApplications.examples';

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

/**
 * `argocd:create-applications`: creates the AppProject and Applications
 * rendered into the workspace, through the deployments backend
 * (`POST /api/deployments/applications`) as the task's user: the backend
 * checks the user's permissions, creates each Application in the Argo CD
 * instance that deploys to its destination cluster and binds the objects to
 * the entity. Objects that belong to another entity, or exist bound to none,
 * are refused, `upsert` included; a re-run reuses what a failed run created
 * (Argo CD answers a create of an identical object with the existing one).
 */
export function createArgoCDApplicationsAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  /** For tests: the fetch that reaches the deployments backend. */
  fetch?: typeof fetch;
}) {
  const { discovery, auth } = options;
  return createTemplateAction({
    id: 'argocd:create-applications',
    description:
      'Creates the Argo CD AppProject and Applications whose manifests are in a workspace folder for a catalog entity, through the deployments backend as the task user',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The catalog entity the objects belong to, e.g. component:default/orders (it may not be registered yet)',
            ),
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
              "Replace this entity's own objects whose spec differs; otherwise they are refused (identical ones are reused either way). Never replaces another entity's objects",
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
      if (projects.length > 1) {
        throw new InputError(
          `One AppProject per service; ${dir} has ${projects
            .map(p => p.name)
            .join(', ')}`,
        );
      }
      const toManifest = (m: Manifest) => ({
        apiVersion: 'argoproj.io/v1alpha1' as const,
        kind: m.kind,
        metadata: { ...m.object.metadata, name: m.name },
        spec: m.object.spec,
      });
      const request: CreateApplicationsRequest = {
        entityRef: ctx.input.entityRef,
        project: projects[0] ? toManifest(projects[0]) : undefined,
        applications: manifests
          .filter(m => m.kind === 'Application')
          .map(toManifest),
        upsert: ctx.input.upsert ?? false,
        dryRun: ctx.isDryRun ?? false,
        taskId: ctx.task?.id,
      };

      const create = async (): Promise<CreateApplicationsResponse> => {
        // The task's user, not the portal: the backend checks what they may do.
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await ctx.getInitiatorCredentials(),
          targetPluginId: 'deployments',
        });
        const baseUrl = await discovery.getBaseUrl('deployments');
        const response = await (options.fetch ?? fetch)(
          `${baseUrl}/applications`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
            },
            body: JSON.stringify(request),
          },
        );
        if (!response.ok) {
          const error = await ResponseError.fromResponse(response);
          // The backend's message says what was refused and why.
          throw new Error(error.body?.error?.message ?? error.message);
        }
        // Parsed here: plain objects and arrays of this realm, whatever
        // realm the fetch implementation lives in (the template renderer
        // refuses arrays with another prototype).
        return JSON.parse(await response.text()) as CreateApplicationsResponse;
      };

      // A retried task does not call again once the objects exist.
      const result: CreateApplicationsResponse = ctx.isDryRun
        ? await create()
        : ((await ctx.checkpoint({
            key: 'argocd.applications',
            fn: async () => (await create()) as unknown as JsonObject,
          })) as unknown as CreateApplicationsResponse);

      ctx.output(
        'applications',
        result.applications.map(a => ({
          name: a.name,
          environment: a.environment,
          instance: a.instance,
          url: a.url,
        })),
      );
      if (result.project) ctx.output('project', result.project);
      for (const app of result.applications) {
        // The backend creates such an app without automated sync.
        const manifest = request.applications.find(
          a => a.metadata.name === app.name,
        );
        const held =
          manifest &&
          syncHeldFor(manifest as Parameters<typeof syncHeldFor>[0]);
        ctx.logger.info(
          ctx.isDryRun
            ? `Dry run: would create Application ${app.name} in Argo CD instance ${app.instance} (${app.environment})`
            : `${app.reused ? 'Reused the existing' : 'Created'} Application ${
                app.name
              } in Argo CD instance ${app.instance} (${app.environment}): ${
                app.sync ?? 'Unknown'
              }, ${app.health ?? 'Unknown'}; bound to ${result.entityRef}${
                held ? `; automated sync waits for its ${held}` : ''
              }`,
        );
      }
    },
  });
}
