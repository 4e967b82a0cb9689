import { DEFAULT_WORLD_DIR } from '../../server';
import { World } from '../../world/World';
import { revisionsAt } from './serviceHealth';

describe('revisionsAt: what serves, as the deployer recorded it', () => {
  const t0 = Date.parse('2026-03-02T11:00:00Z');
  let world: World;

  beforeEach(() => {
    world = World.fromCatalogDirectory(DEFAULT_WORLD_DIR);
  });

  it('assumes one stable revision when no deployer recorded anything', () => {
    const revisions = revisionsAt(world, 'cart-service', 'dev', t0);
    expect(revisions).toHaveLength(1);
    expect(revisions[0].requestRate).toBeGreaterThan(0);
  });

  it('has no traffic while the app exists but nothing is deployed, then follows the first deploy', () => {
    world.recordServing('cart-service', 'dev', null, new Date(t0));
    expect(revisionsAt(world, 'cart-service', 'dev', t0 + 1000)).toEqual([]);

    world.recordServing(
      'cart-service',
      'dev',
      { stable: 'abc123' },
      new Date(t0 + 60_000),
    );
    expect(revisionsAt(world, 'cart-service', 'dev', t0 + 30_000)).toEqual([]);
    const after = revisionsAt(world, 'cart-service', 'dev', t0 + 90_000);
    expect(after.map(r => r.revision)).toEqual(['abc123']);
    expect(after[0].requestRate).toBeGreaterThan(0);
    // Other environments keep their assumed revision.
    expect(revisionsAt(world, 'cart-service', 'prod', t0)).toHaveLength(1);
  });
});
