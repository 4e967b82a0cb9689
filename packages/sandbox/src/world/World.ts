import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import {
  Entity,
  isGroupEntity,
  isUserEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** The environments every service of the world is deployed to, in promotion order. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A person who can sign in to the sandbox's identity provider. */
export interface WorldUser {
  /** The catalog User entity name; also the OIDC subject and login name. */
  name: string;
  displayName: string;
  email: string;
  /** Group entity refs the user is a direct member of. */
  groups: string[];
}

/** A service that the simulators deploy, provision and observe. */
export interface WorldService {
  name: string;
  /** Owner group entity ref. */
  owner: string;
  system: string;
  environments: Environment[];
  /** True for services added by `seed`, false for the sample services of the catalog. */
  generated: boolean;
}

/**
 * The state every simulator shares: who works here and which services run
 * where. Its sample part is read from the same catalog files the portal
 * loads, so the portal's catalog and the simulators tell one story.
 */
export class World {
  private generatedServices: WorldService[] = [];

  private constructor(
    private readonly sampleUsers: WorldUser[],
    private readonly sampleServices: WorldService[],
    private readonly productTeams: { owner: string; system: string }[],
  ) {}

  /** Reads every `*.yaml` catalog file in `dir`. */
  static fromCatalogDirectory(dir: string): World {
    const entities = fs
      .readdirSync(dir)
      .filter(file => file.endsWith('.yaml'))
      .sort()
      .flatMap(file =>
        yaml.loadAll(fs.readFileSync(path.join(dir, file), 'utf8')),
      )
      .filter((doc): doc is Entity => !!doc && typeof doc === 'object');
    return World.fromEntities(entities);
  }

  static fromEntities(entities: Entity[]): World {
    const users = entities.filter(isUserEntity).map(user => ({
      name: user.metadata.name,
      displayName: user.spec.profile?.displayName ?? user.metadata.name,
      email: user.spec.profile?.email ?? `${user.metadata.name}@example.com`,
      groups: (user.spec.memberOf ?? []).map(group =>
        stringifyEntityRef(parseEntityRef(group, { defaultKind: 'group' })),
      ),
    }));
    const services = entities
      .filter(
        e =>
          e.kind === 'Component' &&
          ['service', 'website'].includes(String(e.spec?.type)),
      )
      .map(e => ({
        name: e.metadata.name,
        owner: stringifyEntityRef(
          parseEntityRef(String(e.spec?.owner), { defaultKind: 'group' }),
        ),
        system: String(e.spec?.system ?? ''),
        environments: [...ENVIRONMENTS],
        generated: false,
      }));
    const teamGroups = new Set(
      entities
        .filter(isGroupEntity)
        .filter(g => g.spec.type === 'team')
        .map(g => stringifyEntityRef(g)),
    );
    // Generated services belong to the product teams that own systems, so a
    // seeded world keeps the sample organisation's shape.
    const productTeams = entities
      .filter(e => e.kind === 'System')
      .map(e => ({
        owner: stringifyEntityRef(
          parseEntityRef(String(e.spec?.owner), { defaultKind: 'group' }),
        ),
        system: e.metadata.name,
      }))
      .filter(t => teamGroups.has(t.owner));
    return new World(users, services, productTeams);
  }

  users(): WorldUser[] {
    return this.sampleUsers;
  }

  /** Finds a user by login name or e-mail address, case-insensitively. */
  findUser(login: string): WorldUser | undefined {
    const wanted = login.trim().toLowerCase();
    return this.sampleUsers.find(
      u => u.name.toLowerCase() === wanted || u.email.toLowerCase() === wanted,
    );
  }

  services(): WorldService[] {
    return [...this.sampleServices, ...this.generatedServices];
  }

  /**
   * Replaces the generated services with `count` new ones spread over the
   * product teams; names are stable (`svc-0001`...) so tests can address them.
   */
  seed(count: number): WorldService[] {
    const teams = this.productTeams.length
      ? this.productTeams
      : [{ owner: 'group:default/platform', system: 'developer-platform' }];
    this.generatedServices = Array.from({ length: count }, (_, i) => {
      const team = teams[i % teams.length];
      return {
        name: `svc-${String(i + 1).padStart(4, '0')}`,
        owner: team.owner,
        system: team.system,
        environments: [...ENVIRONMENTS],
        generated: true,
      };
    });
    return this.services();
  }

  /** Back to the sample services only. */
  reset(): void {
    this.generatedServices = [];
  }
}
