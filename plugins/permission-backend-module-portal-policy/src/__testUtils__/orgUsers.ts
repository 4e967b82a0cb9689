import { PolicyQueryUser } from '@backstage/plugin-permission-node';

/**
 * A signed-in user of the sample organisation (packages/sandbox/world/org.yaml)
 * as the catalog sign-in resolver describes them: the user's own ref plus the
 * groups they are a direct member of.
 */
export function orgUser(name: string, groups: string[]): PolicyQueryUser {
  const userEntityRef = `user:default/${name}`;
  return {
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef },
    },
    info: {
      userEntityRef,
      ownershipEntityRefs: [
        userEntityRef,
        ...groups.map(group => `group:default/${group}`),
      ],
    },
  };
}

export const priya = orgUser('priya.sharma', ['platform', 'platform-admins']);
export const marco = orgUser('marco.rossi', ['platform']);
export const lena = orgUser('lena.fischer', ['payments']);
export const tom = orgUser('tom.becker', ['payments']);
export const sara = orgUser('sara.kim', ['storefront']);
export const noah = orgUser('noah.williams', ['sre']);
