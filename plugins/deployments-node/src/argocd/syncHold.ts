import type {
  v1alpha1Application,
  v1alpha1SyncPolicyAutomated,
} from '@internal/api-argocd';
import {
  HELD_AUTOMATED_ANNOTATION,
  SYNC_HELD_ANNOTATION,
} from '@internal/plugin-deployments-common';

export { HELD_AUTOMATED_ANNOTATION, SYNC_HELD_ANNOTATION };

/** What a held Application waits for, if it is held. */
export function syncHeldFor(app: {
  metadata?: { annotations?: Record<string, string> };
}): string | undefined {
  return app.metadata?.annotations?.[SYNC_HELD_ANNOTATION] || undefined;
}

/**
 * The Application as it is created while held: a manifest that asks for a
 * hold keeps its `syncPolicy.automated` in an annotation instead, so Argo
 * CD does not deploy it until {@link releaseSyncHoldPatch} puts it back.
 * A manifest without the annotation is returned as it is.
 */
export function holdAutomatedSync<
  T extends Pick<v1alpha1Application, 'metadata' | 'spec'>,
>(app: T): T {
  if (!syncHeldFor(app as any)) return app;
  const automated = app.spec?.syncPolicy?.automated;
  if (!automated) return app;
  const { automated: _held, ...syncPolicy } = app.spec!.syncPolicy!;
  return {
    ...app,
    metadata: {
      ...app.metadata,
      annotations: {
        ...app.metadata?.annotations,
        [HELD_AUTOMATED_ANNOTATION]: JSON.stringify(automated),
      },
    },
    spec: { ...app.spec!, syncPolicy },
  };
}

/**
 * The merge patch that releases a held Application: the hold's annotations
 * are removed and the `automated` settings it kept are turned on (prune and
 * self-heal when it kept none).
 */
export function releaseSyncHoldPatch(app: v1alpha1Application): unknown {
  let automated: v1alpha1SyncPolicyAutomated = { prune: true, selfHeal: true };
  const kept = app.metadata?.annotations?.[HELD_AUTOMATED_ANNOTATION];
  if (kept) {
    try {
      automated = JSON.parse(kept);
    } catch {
      // Edited by hand into something unreadable: use the defaults.
    }
  }
  return {
    metadata: {
      annotations: {
        [SYNC_HELD_ANNOTATION]: null,
        [HELD_AUTOMATED_ANNOTATION]: null,
      },
    },
    spec: { syncPolicy: { automated } },
  };
}

/**
 * A held Application as it is once released: what Argo CD holds after
 * {@link releaseSyncHoldPatch}. A re-run of the template after the release
 * creates this instead, so Argo CD reuses the app rather than refusing it
 * (or holding it again). Undefined when the app is not held.
 */
export function releasedApplication<
  T extends Pick<v1alpha1Application, 'metadata' | 'spec'>,
>(held: T): T | undefined {
  const kept = held.metadata?.annotations?.[HELD_AUTOMATED_ANNOTATION];
  if (!syncHeldFor(held as any) || !kept) return undefined;
  const {
    [SYNC_HELD_ANNOTATION]: _held,
    [HELD_AUTOMATED_ANNOTATION]: _automated,
    ...annotations
  } = held.metadata!.annotations!;
  const patch = releaseSyncHoldPatch(held as v1alpha1Application) as {
    spec: { syncPolicy: { automated: v1alpha1SyncPolicyAutomated } };
  };
  return {
    ...held,
    metadata: { ...held.metadata, annotations },
    spec: {
      ...held.spec!,
      syncPolicy: {
        ...held.spec?.syncPolicy,
        automated: patch.spec.syncPolicy.automated,
      },
    },
  };
}
