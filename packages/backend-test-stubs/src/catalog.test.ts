import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import { mockCredentials } from './mockCredentials';
import { mockServices } from './mockServices';
import { userOf } from './users';

const component = (name: string, annotations = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations },
  spec: { owner: 'group:default/payments' },
});

describe('catalog', () => {
  const credentials = mockCredentials.user('user:default/lena');

  it('answers from the live list by ref and by filter, with copies', async () => {
    const catalog = mockServices.catalog({
      entities: [component('a', { 'argocd/app-selector': 'x' })],
    });
    catalog.entities.push(component('b'));
    const a = await catalog.getEntityByRef('Component:default/a', {
      credentials,
    });
    expect(a?.metadata.name).toBe('a');
    a!.metadata.name = 'changed';
    await expect(
      catalog.getEntityByRef(
        { kind: 'component', namespace: 'default', name: 'a' },
        {
          credentials,
        },
      ),
    ).resolves.toMatchObject({ metadata: { name: 'a' } });
    const annotated = await catalog.getEntities(
      {
        filter: {
          'metadata.annotations.argocd/app-selector': CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    expect(annotated.items.map(e => e.metadata.name)).toEqual(['a']);
    const byRefs = await catalog.getEntitiesByRefs(
      { entityRefs: ['component:default/b', 'component:default/none'] },
      { credentials },
    );
    expect(byRefs.items.map(e => e?.metadata.name)).toEqual(['b', undefined]);
    await catalog.removeEntityByUid('uid-b', { credentials });
    expect(catalog.entities.map(e => e.metadata.name)).toEqual(['a']);
    expect(catalog.calls[0]).toEqual({
      method: 'getEntityByRef',
      ref: 'component:default/a',
      credentials,
    });
  });

  it('hides what a caller may not read', async () => {
    const catalog = mockServices.catalog({
      entities: [component('a')],
      canRead: (_e, c) => userOf(c) !== 'user:default/outsider',
    });
    await expect(
      catalog.getEntityByRef('component:default/a', {
        credentials: mockCredentials.user('user:default/outsider'),
      }),
    ).resolves.toBeUndefined();
    await expect(
      catalog.getEntityByRef('component:default/a', { credentials }),
    ).resolves.toBeDefined();
  });
});
