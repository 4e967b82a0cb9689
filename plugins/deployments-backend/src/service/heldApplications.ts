import {
  ArgoCDClient,
  ArgoCDError,
  holdAutomatedSync,
  releasedApplication,
  v1alpha1Application,
} from '@internal/plugin-deployments-node';

/**
 * The Application to create from a manifest: one marked
 * `portal.acme.example/sync-held` is created without automated sync (the
 * provisioning backend turns it on once its environment's outputs are in git).
 * Applied here, on the server, so the hold holds whoever asks for the app.
 */
export const applicationToCreate = (manifest: v1alpha1Application) =>
  holdAutomatedSync(manifest);

/**
 * Creates the Application; when Argo CD refuses a held one because the
 * provisioning backend released it meanwhile (a re-run of the template after
 * the outputs were recorded), the released app is the same app: reuse it
 * rather than fail or hold it again.
 */
export async function createApplicationReusingReleased(
  client: Pick<ArgoCDClient, 'createApplication'>,
  app: v1alpha1Application,
  options: { upsert: boolean },
): Promise<v1alpha1Application> {
  try {
    return await client.createApplication(app, options);
  } catch (error) {
    const released = releasedApplication(app);
    if (
      !released ||
      !(error instanceof ArgoCDError) ||
      error.reason !== 'badRequest'
    ) {
      throw error;
    }
    try {
      return await client.createApplication(released, { upsert: false });
    } catch {
      throw error; // the first refusal says what differs
    }
  }
}
