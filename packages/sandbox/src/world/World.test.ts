import { DEFAULT_WORLD_DIR } from '../server';
import { World, WorldService } from './World';

const SAMPLE_SERVICES = [
  { name: 'payments-api', owner: 'group:default/payments', system: 'payments' },
  {
    name: 'ledger-service',
    owner: 'group:default/payments',
    system: 'payments',
  },
  {
    name: 'fraud-detector',
    owner: 'group:default/payments',
    system: 'payments',
  },
  {
    name: 'storefront-web',
    owner: 'group:default/storefront',
    system: 'storefront',
  },
  {
    name: 'cart-service',
    owner: 'group:default/storefront',
    system: 'storefront',
  },
  {
    name: 'search-service',
    owner: 'group:default/storefront',
    system: 'storefront',
  },
  {
    name: 'notification-worker',
    owner: 'group:default/platform',
    system: 'developer-platform',
  },
];

const countBy = (services: WorldService[], key: (s: WorldService) => string) =>
  services.reduce<Record<string, number>>((counts, s) => {
    counts[key(s)] = (counts[key(s)] ?? 0) + 1;
    return counts;
  }, {});

describe('World', () => {
  let world: World;

  beforeEach(() => {
    world = World.fromCatalogDirectory(DEFAULT_WORLD_DIR);
  });

  describe('the sample world read from the catalog files', () => {
    it('has the sample users with e-mail addresses and group refs', () => {
      expect(world.users().map(u => u.name)).toEqual([
        'priya.sharma',
        'marco.rossi',
        'lena.fischer',
        'tom.becker',
        'sara.kim',
        'diego.alvarez',
        'noah.williams',
        'emma.johnson',
      ]);
      expect(world.users()).toContainEqual({
        name: 'lena.fischer',
        displayName: 'Lena Fischer',
        email: 'lena.fischer@acme.example',
        groups: ['group:default/payments'],
      });
      expect(world.findUser('priya.sharma')?.groups).toEqual([
        'group:default/platform',
        'group:default/platform-admins',
      ]);
      for (const user of world.users()) {
        expect(user.email).toBe(`${user.name}@acme.example`);
        expect(user.groups.length).toBeGreaterThan(0);
      }
    });

    it('has the seven sample services with their owners and systems', () => {
      expect(
        world
          .services()
          .map(({ name, owner, system }) => ({ name, owner, system })),
      ).toEqual(SAMPLE_SERVICES);
      for (const service of world.services()) {
        expect(service.generated).toBe(false);
        expect(service.environments).toEqual(['dev', 'staging', 'prod']);
      }
    });

    it('ignores catalog entities that are neither users nor services', () => {
      const names = [
        ...world.users().map(u => u.name),
        ...world.services().map(s => s.name),
      ];
      // Groups, systems, the domain and the API are in the same files.
      expect(names).not.toContain('payments');
      expect(names).not.toContain('commerce');
      expect(names).not.toContain('payments-rest');
    });
  });

  describe('findUser', () => {
    it('finds a user by login name, case-insensitively', () => {
      expect(world.findUser('lena.fischer')?.name).toBe('lena.fischer');
      expect(world.findUser('Lena.Fischer')?.name).toBe('lena.fischer');
      expect(world.findUser('  sara.kim ')?.name).toBe('sara.kim');
    });

    it('finds a user by e-mail address, case-insensitively', () => {
      expect(world.findUser('tom.becker@acme.example')?.name).toBe(
        'tom.becker',
      );
      expect(world.findUser('TOM.BECKER@ACME.EXAMPLE')?.name).toBe(
        'tom.becker',
      );
    });

    it('compares e-mail addresses case-insensitively on both sides', () => {
      const custom = World.fromEntities([
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'ada' },
          spec: {
            profile: { email: 'Ada.Lovelace@Example.COM' },
            memberOf: [],
          },
        },
      ]);

      expect(custom.findUser('ada.lovelace@example.com')?.name).toBe('ada');
    });

    it('returns undefined for anyone else', () => {
      expect(world.findUser('mallory')).toBeUndefined();
      expect(world.findUser('mallory@acme.example')).toBeUndefined();
      expect(world.findUser('')).toBeUndefined();
      // A group is not a user, even though it has an e-mail address.
      expect(world.findUser('payments')).toBeUndefined();
      expect(world.findUser('payments@acme.example')).toBeUndefined();
    });
  });

  describe('seed', () => {
    it('adds generated services named svc-0001.. and keeps the sample ones', () => {
      const services = world.seed(250);

      expect(services).toHaveLength(257);
      expect(world.services()).toEqual(services);
      expect(services.slice(0, 7).map(s => s.name)).toEqual(
        SAMPLE_SERVICES.map(s => s.name),
      );
      const generated = services.filter(s => s.generated);
      expect(generated).toHaveLength(250);
      expect(generated[0].name).toBe('svc-0001');
      expect(generated[9].name).toBe('svc-0010');
      expect(generated[249].name).toBe('svc-0250');
      expect(new Set(generated.map(s => s.name)).size).toBe(250);
      for (const service of generated) {
        expect(service.environments).toEqual(['dev', 'staging', 'prod']);
      }
    });

    it('spreads generated services evenly over the teams that own systems', () => {
      const generated = world.seed(250).filter(s => s.generated);

      // Each generated service belongs to a system its owner team owns.
      expect(countBy(generated, s => `${s.owner} -> ${s.system}`)).toEqual({
        'group:default/payments -> payments': 84,
        'group:default/storefront -> storefront': 83,
        'group:default/platform -> developer-platform': 83,
      });
      // SRE is a team too, but owns no system; the company group is no team.
      const owners = new Set(generated.map(s => s.owner));
      expect(owners).not.toContain('group:default/sre');
      expect(owners).not.toContain('group:default/acme');
    });

    it('replaces the generated services when seeded again', () => {
      world.seed(250);
      const services = world.seed(3);

      expect(services).toHaveLength(10);
      expect(services.filter(s => s.generated).map(s => s.name)).toEqual([
        'svc-0001',
        'svc-0002',
        'svc-0003',
      ]);
    });

    it('gives generated services only to systems owned by teams', () => {
      const entity = (kind: string, name: string, spec: object) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata: { name },
        spec,
      });
      const custom = World.fromEntities([
        entity('Group', 'acme', { type: 'organization', children: [] }),
        entity('Group', 'billing', { type: 'team', children: [] }),
        entity('System', 'corporate', { owner: 'acme' }),
        entity('System', 'invoicing', { owner: 'group:default/billing' }),
      ]);

      expect(
        new Set(custom.seed(4).map(s => `${s.owner} -> ${s.system}`)),
      ).toEqual(new Set(['group:default/billing -> invoicing']));
    });

    it('gives generated services to the platform team when no team owns a system', () => {
      const bare = World.fromEntities([]);

      expect(bare.seed(2)).toEqual([
        expect.objectContaining({
          name: 'svc-0001',
          owner: 'group:default/platform',
          system: 'developer-platform',
        }),
        expect.objectContaining({ name: 'svc-0002' }),
      ]);
    });

    it('is undone by reset, which keeps the sample services', () => {
      world.seed(250);
      world.reset();

      expect(world.services().map(s => s.name)).toEqual(
        SAMPLE_SERVICES.map(s => s.name),
      );
    });
  });
});

describe('World deployments and errors', () => {
  const world = World.fromEntities([
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'cart' },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    },
  ]);
  beforeEach(() => world.reset());

  it('learns deployed services in the environments they are deployed to, and forgets them with the last deployer', () => {
    const before = world.services();
    world.addDeployment('orders', 'prod');
    world.addDeployment('orders', 'dev');
    world.addDeployment('orders', 'dev');
    expect(world.services()).not.toBe(before);
    expect(world.services().map(s => [s.name, s.environments])).toEqual([
      ['cart', ['dev', 'staging', 'prod']],
      ['orders', ['dev', 'prod']],
    ]);
    expect(world.declaredServices().map(s => s.name)).toEqual(['cart']);
    // Same array until something changes: readers compare by reference.
    expect(world.services()).toBe(world.services());
    expect(() => world.markRevisionBad('orders', 'prod', 'abc')).not.toThrow();

    world.removeDeployment('orders', 'dev');
    expect(world.services()[1].environments).toEqual(['dev', 'prod']);
    world.removeDeployment('orders', 'dev');
    world.removeDeployment('orders', 'prod');
    expect(world.services().map(s => s.name)).toEqual(['cart']);
  });

  it('does not list a deployed catalog service twice', () => {
    world.addDeployment('cart', 'dev');
    expect(world.services().map(s => s.name)).toEqual(['cart']);
  });

  it('records what a guarded function throws', () => {
    world.guard('test', () => {
      throw new Error('boom');
    });
    expect(world.errors()).toEqual([
      { source: 'test', message: 'boom', at: expect.any(String) },
    ]);
  });
});

describe('World.servingSpans', () => {
  const world = World.fromEntities([]);
  const at = (ms: number) => new Date(ms);

  it('is all of the time when no deployer recorded anything', () => {
    expect(world.servingSpans('orders', 'dev', 100, 200)).toEqual([[100, 200]]);
    expect(world.servingSpans('orders', 'dev', 200, 200)).toEqual([]);
  });

  it('leaves out what a deployer recorded as nothing serving, merging what serves', () => {
    world.recordServing('orders', 'prod', null, at(1000));
    world.recordServing('orders', 'prod', { stable: 'a' }, at(2000));
    world.recordServing(
      'orders',
      'prod',
      { stable: 'a', canary: { revision: 'b', weight: 10 } },
      at(3000),
    );
    world.recordServing('orders', 'prod', null, at(4000));
    world.recordServing('orders', 'prod', { stable: 'c' }, at(5000));

    // Before the first record, the oldest state holds: nothing.
    expect(world.servingSpans('orders', 'prod', 0, 6000)).toEqual([
      [2000, 4000],
      [5000, 6000],
    ]);
    expect(world.servingSpans('orders', 'prod', 2500, 4500)).toEqual([
      [2500, 4000],
    ]);
    expect(world.servingSpans('orders', 'prod', 0, 2000)).toEqual([]);
    // servingAt agrees at the edges.
    expect(world.servingAt('orders', 'prod', 1999)).toBeNull();
    expect(world.servingAt('orders', 'prod', 2000)).toEqual({ stable: 'a' });
  });
});
