import { applyJsonPatch, applyMergePatch } from './patch';

describe('applyMergePatch (RFC 7386)', () => {
  it('merges objects, removes null members and replaces arrays', () => {
    const target = {
      spec: {
        syncPolicy: { automated: { selfHeal: true }, syncOptions: ['a'] },
        project: 'p',
      },
    };

    expect(
      applyMergePatch(target, {
        spec: { syncPolicy: { automated: null, syncOptions: ['b'] } },
      }),
    ).toEqual({ spec: { syncPolicy: { syncOptions: ['b'] }, project: 'p' } });
    expect(target.spec.syncPolicy.automated).toEqual({ selfHeal: true });
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = {
    spec: { syncPolicy: { automated: { selfHeal: true } }, list: [1, 2] },
  };

  it('adds, removes, replaces, moves, copies and tests', () => {
    expect(
      applyJsonPatch(doc, [
        { op: 'test', path: '/spec/list/0', value: 1 },
        { op: 'remove', path: '/spec/syncPolicy/automated' },
        { op: 'add', path: '/spec/list/-', value: 3 },
        { op: 'replace', path: '/spec/list/0', value: 0 },
        { op: 'copy', from: '/spec/list', path: '/spec/copy' },
        { op: 'move', from: '/spec/copy', path: '/spec/moved' },
      ]),
    ).toEqual({ spec: { syncPolicy: {}, list: [0, 2, 3], moved: [0, 2, 3] } });
    expect(doc.spec.syncPolicy.automated).toEqual({ selfHeal: true });
  });

  it('fails on a missing path, a failed test and a non-array patch', () => {
    expect(() =>
      applyJsonPatch(doc, [{ op: 'remove', path: '/spec/nope' }]),
    ).toThrow(/does not exist/);
    expect(() =>
      applyJsonPatch(doc, [{ op: 'test', path: '/spec/list/0', value: 9 }]),
    ).toThrow(/test/);
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow(/array/);
  });
});
