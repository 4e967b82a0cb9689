import { auditor } from './auditor';
import { auth } from './auth';
import { cache } from './cache';
import { catalog } from './catalog';
import { httpAuth } from './httpAuth';
import { logger } from './logger';
import { notifications, signals } from './notifications';
import { permissions } from './permissions';
import { scheduler } from './scheduler';
import { userInfo } from './users';

/**
 * Stand-ins of the services a backend plugin gets, one function each, named
 * as `@backstage/backend-test-utils`' `mockServices` names them (plus the
 * catalog, notifications and signals of their plugins' `-node` packages).
 * Each returns the real service interface, with what it recorded beside it.
 */
export const mockServices = {
  auditor,
  auth,
  cache,
  catalog,
  httpAuth,
  logger,
  /** The root logger has the logger's interface. */
  rootLogger: logger,
  notifications,
  permissions,
  scheduler,
  signals,
  userInfo,
};
