import type {
  BackstageCredentials,
  BackstageUserInfo,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';

/** Users and the groups they are direct members of, by entity ref. */
export type Users = Record<string, string[]>;

/** The user a set of credentials belongs to, if it is a user's. */
export function userOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  return principal.type === 'user' ? principal.userEntityRef : undefined;
}

/** A user's ownership refs as the catalog sign-in resolver gives them. */
export function claimsOf(users: Users, user: string | undefined): string[] {
  return user ? [user, ...(users[user] ?? [])] : [];
}

/** `userInfo` over a fixed organisation: the user and their groups. */
export function userInfo(options: { users?: Users } = {}): UserInfoService {
  const users = options.users ?? {};
  return {
    async getUserInfo(credentials): Promise<BackstageUserInfo> {
      const user = userOf(credentials);
      if (!user) {
        throw new NotAllowedError('User info is only for user credentials');
      }
      return {
        userEntityRef: user,
        ownershipEntityRefs: claimsOf(users, user),
      };
    },
  };
}
