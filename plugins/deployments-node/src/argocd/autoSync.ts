import {
  v1alpha1Application,
  v1alpha1SyncPolicyAutomated,
} from '@internal/api-argocd';

/**
 * Whether Argo CD considers auto-sync on, as its `IsAutomatedSyncEnabled`
 * does: `automated` is set and not switched off with `enabled: false`
 * (Argo CD >= 3.1).
 */
export function isAutoSyncEnabled(app: v1alpha1Application): boolean {
  const automated = app.spec?.syncPolicy?.automated;
  return !!automated && automated.enabled !== false;
}

/**
 * The merge patch (for `patchApplication(name, patch, 'merge')`) that turns
 * auto-sync off by removing `spec.syncPolicy.automated`; Argo CD refuses a
 * rollback until this is done. Removing the field (rather than setting
 * `enabled: false`) works on every Argo CD version; keep the previous
 * `automated` value to restore it with {@link enableAutoSyncPatch}.
 */
export function disableAutoSyncPatch(): unknown {
  return { spec: { syncPolicy: { automated: null } } };
}

/** The merge patch that turns auto-sync back on with the given settings. */
export function enableAutoSyncPatch(
  automated: v1alpha1SyncPolicyAutomated = { selfHeal: true },
): unknown {
  return { spec: { syncPolicy: { automated } } };
}
