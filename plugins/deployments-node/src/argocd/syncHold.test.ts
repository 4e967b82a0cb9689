import {
  HELD_AUTOMATED_ANNOTATION,
  SYNC_HELD_ANNOTATION,
  holdAutomatedSync,
  releaseSyncHoldPatch,
  releasedApplication,
  syncHeldFor,
} from './syncHold';

const manifest = (annotations?: Record<string, string>) => ({
  metadata: { name: 'orders-dev', annotations },
  spec: {
    project: 'orders',
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
    },
  },
});

describe('sync hold', () => {
  it('creates a held Application without automated sync, keeping its settings', () => {
    const held = holdAutomatedSync(
      manifest({ [SYNC_HELD_ANNOTATION]: 'infrastructure' }),
    );
    expect(held.spec.syncPolicy).toEqual({
      syncOptions: ['CreateNamespace=true'],
    });
    expect(syncHeldFor(held)).toBe('infrastructure');
    expect(
      JSON.parse(held.metadata.annotations![HELD_AUTOMATED_ANNOTATION]),
    ).toEqual({ prune: true, selfHeal: true });
  });

  it('leaves an Application that asks for no hold as it is', () => {
    const app = manifest();
    expect(holdAutomatedSync(app)).toBe(app);
    expect(syncHeldFor(app)).toBeUndefined();
  });

  it('releases with the settings it kept, removing the hold', () => {
    const held = holdAutomatedSync(
      manifest({ [SYNC_HELD_ANNOTATION]: 'infrastructure' }),
    );
    expect(releaseSyncHoldPatch(held as any)).toEqual({
      metadata: {
        annotations: {
          [SYNC_HELD_ANNOTATION]: null,
          [HELD_AUTOMATED_ANNOTATION]: null,
        },
      },
      spec: { syncPolicy: { automated: { prune: true, selfHeal: true } } },
    });
  });

  it('knows the released form of a held app (what a re-run must create)', () => {
    const original = manifest({ [SYNC_HELD_ANNOTATION]: 'infrastructure' });
    const released = releasedApplication(holdAutomatedSync(original));
    expect(released).toEqual({
      ...original,
      metadata: { ...original.metadata, annotations: {} },
    });
    expect(releasedApplication(manifest())).toBeUndefined();
  });
});
