/**
 * Marks an Argo CD Application that must not deploy before something else
 * exists. The value says what it waits for; `infrastructure` means the
 * provisioning outputs of its environment (the provisioning backend releases
 * it once they are recorded in the repository). Here rather than in
 * deployments-node because the sandbox's sample repositories write it too.
 */
export const SYNC_HELD_ANNOTATION = 'portal.acme.example/sync-held';

/** The `automated` settings a held Application gets once released (JSON). */
export const HELD_AUTOMATED_ANNOTATION =
  'portal.acme.example/sync-held-automated';
