import { ConfigReader } from '@backstage/config';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';
import { priya, marco, lena, tom, sara, noah } from './__testUtils__/orgUsers';

// Test-only permissions standing in for our own plugins' actions on services.
const deploymentsRollbackProductionPermission = createPermission({
  name: 'deployments.rollback.production',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const deploymentsRollbackPermission = createPermission({
  name: 'deployments.rollback',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

const noUser = undefined;

const ALLOW = { result: AuthorizeResult.ALLOW };
const DENY = { result: AuthorizeResult.DENY };

/** The exact conditional decision rule 3 produces for the given claims. */
function ownedBy(claims: string[]): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims },
    },
  };
}

const productionConfig = {
  permission: {
    portal: {
      production: { permissions: ['deployments.rollback.production'] },
    },
  },
};

function policyWith(config: object = {}) {
  return PortalPermissionPolicy.fromConfig(new ConfigReader(config));
}

function decide(
  policy: PortalPermissionPolicy,
  permission: Permission,
  user: PolicyQueryUser | undefined,
) {
  return policy.handle({ permission }, user);
}

describe('PortalPermissionPolicy', () => {
  describe('rule 1: admins may do everything', () => {
    const policy = policyWith(productionConfig);

    it.each([
      catalogLocationDeletePermission,
      catalogIngestionManagePermission,
      templateManagementPermission,
      catalogEntityDeletePermission,
      catalogEntityRefreshPermission,
      deploymentsRollbackPermission,
      deploymentsRollbackProductionPermission,
    ])('allows $name to priya.sharma (platform-admins)', async permission => {
      await expect(decide(policy, permission, priya)).resolves.toEqual(ALLOW);
    });

    it('does not extend to the parent group platform', async () => {
      await expect(
        decide(policy, catalogLocationDeletePermission, marco),
      ).resolves.toEqual(DENY);
      await expect(
        decide(policy, catalogEntityDeletePermission, marco),
      ).resolves.toEqual(ownedBy(marco.info.ownershipEntityRefs));
    });

    it('takes the admin groups from config, written short or in any case', async () => {
      const sreAdmins = policyWith({
        permission: { portal: { adminGroups: ['SRE'] } },
      });
      await expect(
        decide(sreAdmins, catalogLocationDeletePermission, noah),
      ).resolves.toEqual(ALLOW);
      // The default admin group no longer applies once the list is configured.
      await expect(
        decide(sreAdmins, catalogLocationDeletePermission, priya),
      ).resolves.toEqual(DENY);
    });

    it('allows nobody everything when adminGroups is configured empty', async () => {
      const noAdmins = policyWith({
        permission: { portal: { adminGroups: [] } },
      });
      await expect(
        decide(noAdmins, catalogLocationDeletePermission, priya),
      ).resolves.toEqual(DENY);
    });

    it('rejects a malformed group ref when the policy is created', () => {
      expect(() =>
        policyWith({ permission: { portal: { adminGroups: ['group:'] } } }),
      ).toThrow();
    });
  });

  describe('rule 2: everyone may read', () => {
    const policy = policyWith(productionConfig);

    it.each([
      ['lena.fischer', lena],
      ['tom.becker', tom],
      ['sara.kim', sara],
      ['noah.williams', noah],
      ['marco.rossi', marco],
    ])('allows every read to %s', async (_name, user) => {
      for (const permission of [
        catalogEntityReadPermission,
        catalogLocationReadPermission,
      ]) {
        await expect(decide(policy, permission, user)).resolves.toEqual(ALLOW);
      }
    });

    it('allows the named everyday permissions that have no action', async () => {
      expect(actionExecutePermission.attributes.action).toBeUndefined();
      expect(
        catalogLocationAnalyzePermission.attributes.action,
      ).toBeUndefined();
      expect(catalogEntityValidatePermission.attributes.action).toBeUndefined();
      // Needed to run any template and to analyze a repo before registering it.
      await expect(
        decide(policy, actionExecutePermission, sara),
      ).resolves.toEqual(ALLOW);
      await expect(
        decide(policy, catalogLocationAnalyzePermission, lena),
      ).resolves.toEqual(ALLOW);
      await expect(
        decide(policy, catalogEntityValidatePermission, tom),
      ).resolves.toEqual(ALLOW);
    });

    it('does not treat other permissions without an action as reads', async () => {
      const unnamed = createPermission({
        name: 'someplugin.thing.poke',
        attributes: {},
      });
      for (const user of [lena, tom, sara, noah, marco, noUser]) {
        await expect(decide(policy, unnamed, user)).resolves.toEqual(DENY);
      }
      // Admins still may.
      await expect(decide(policy, unnamed, priya)).resolves.toEqual(ALLOW);
    });

    it('denies a basic permission whose action is not read or create', async () => {
      const purge = createPermission({
        name: 'someplugin.cache.purge',
        attributes: { action: 'delete' },
      });
      await expect(decide(policy, purge, lena)).resolves.toEqual(DENY);
    });
  });

  describe('rule 3: changing a catalog entity needs ownership', () => {
    const policy = policyWith(productionConfig);

    it('makes deleting an entity conditional on lena.fischer owning it', async () => {
      await expect(
        decide(policy, catalogEntityDeletePermission, lena),
      ).resolves.toEqual(
        ownedBy(['user:default/lena.fischer', 'group:default/payments']),
      );
    });

    it("carries each user's own claims", async () => {
      await expect(
        decide(policy, catalogEntityRefreshPermission, tom),
      ).resolves.toEqual(
        ownedBy(['user:default/tom.becker', 'group:default/payments']),
      );
      await expect(
        decide(policy, catalogEntityDeletePermission, sara),
      ).resolves.toEqual(
        ownedBy(['user:default/sara.kim', 'group:default/storefront']),
      );
    });

    it("applies to our own plugins' update permissions on services", async () => {
      await expect(
        decide(policy, deploymentsRollbackPermission, noah),
      ).resolves.toEqual(ownedBy(noah.info.ownershipEntityRefs));
    });
  });

  describe('rule 4: production actions are for the allowed groups', () => {
    const policy = policyWith(productionConfig);

    it('allows a listed production permission to noah.williams (sre)', async () => {
      await expect(
        decide(policy, deploymentsRollbackProductionPermission, noah),
      ).resolves.toEqual(ALLOW);
    });

    it.each([
      ['lena.fischer', lena],
      ['sara.kim', sara],
      ['marco.rossi', marco],
    ])('denies it to %s, even to owners of the service', async (_n, user) => {
      await expect(
        decide(policy, deploymentsRollbackProductionPermission, user),
      ).resolves.toEqual(DENY);
    });

    it('only applies to permissions listed in config', async () => {
      // Not listed: an ordinary update on a service, decided by ownership.
      await expect(
        decide(policyWith(), deploymentsRollbackProductionPermission, lena),
      ).resolves.toEqual(ownedBy(lena.info.ownershipEntityRefs));
    });

    it('wins over the read and create rules for listed permissions', async () => {
      const strictReads = policyWith({
        permission: {
          portal: {
            production: { permissions: [catalogLocationReadPermission.name] },
          },
        },
      });
      await expect(
        decide(strictReads, catalogLocationReadPermission, lena),
      ).resolves.toEqual(DENY);
      await expect(
        decide(strictReads, catalogLocationReadPermission, noah),
      ).resolves.toEqual(ALLOW);
    });

    it('takes the allowed groups from config', async () => {
      const paymentsOnCall = policyWith({
        permission: {
          portal: {
            production: {
              permissions: ['deployments.rollback.production'],
              allowedGroups: ['group:default/payments'],
            },
          },
        },
      });
      await expect(
        decide(paymentsOnCall, deploymentsRollbackProductionPermission, tom),
      ).resolves.toEqual(ALLOW);
      await expect(
        decide(paymentsOnCall, deploymentsRollbackProductionPermission, noah),
      ).resolves.toEqual(DENY);
      await expect(
        decide(paymentsOnCall, deploymentsRollbackProductionPermission, priya),
      ).resolves.toEqual(ALLOW);
    });
  });

  describe('rule 5: everyone may create', () => {
    const policy = policyWith(productionConfig);

    it.each([
      catalogEntityCreatePermission,
      catalogLocationCreatePermission,
      taskCreatePermission,
    ])('allows $name to lena.fischer and sara.kim', async permission => {
      await expect(decide(policy, permission, lena)).resolves.toEqual(ALLOW);
      await expect(decide(policy, permission, sara)).resolves.toEqual(ALLOW);
    });
  });

  describe('rule 6: everything else is for admins only', () => {
    const policy = policyWith(productionConfig);

    it.each([
      catalogLocationDeletePermission,
      catalogIngestionManagePermission,
      templateManagementPermission,
    ])('denies $name to non-admins', async permission => {
      for (const user of [lena, tom, sara, noah, marco]) {
        await expect(decide(policy, permission, user)).resolves.toEqual(DENY);
      }
    });

    it('denies the named admin-only permissions whatever their attributes, to owners too', async () => {
      // As a resource permission on the entity it would go to the owners
      // (rule 3); claiming objects for an entity must not.
      const claim = createPermission({
        name: 'deployments.binding.claim',
        attributes: { action: 'update' },
        resourceType: 'catalog-entity',
      });
      const anyOwner = createPermission({
        name: 'scaffolder.service.owner.any',
        attributes: {},
      });
      // Promoting past a failed gate: owners promote, only admins override.
      const override = createPermission({
        name: 'deployments.promotion.override',
        attributes: { action: 'update' },
      });
      // A read, which rule 2 would give everyone.
      const activityAdmin = createPermission({
        name: 'activity.admin.read',
        attributes: { action: 'read' },
      });
      // Upgrading a selection of services whoever owns them.
      const bulkUpgrade = createPermission({
        name: 'paved-road.upgrade.bulk',
        attributes: { action: 'update' },
      });
      for (const permission of [
        claim,
        anyOwner,
        override,
        activityAdmin,
        bulkUpgrade,
      ]) {
        for (const user of [lena, tom, sara, noah, marco, noUser]) {
          await expect(decide(policy, permission, user)).resolves.toEqual(DENY);
        }
        await expect(decide(policy, permission, priya)).resolves.toEqual(ALLOW);
      }
    });

    it('denies template management although it has no action', async () => {
      expect(templateManagementPermission.attributes.action).toBeUndefined();
      await expect(
        decide(policy, templateManagementPermission, sara),
      ).resolves.toEqual(DENY);
    });
  });

  describe('rule 8: the Kubernetes proxy is for admins', () => {
    const policy = policyWith(productionConfig);

    it('has no action, so it used to pass as a read', () => {
      expect(kubernetesProxyPermission.name).toBe('kubernetes.proxy');
      expect(kubernetesProxyPermission.attributes.action).toBeUndefined();
    });

    it.each([
      ['lena.fischer', lena],
      ['tom.becker', tom],
      ['sara.kim', sara],
      ['noah.williams', noah],
      ['marco.rossi', marco],
      ['no user', noUser],
    ])('denies it to %s', async (_name, user) => {
      await expect(
        decide(policy, kubernetesProxyPermission, user),
      ).resolves.toEqual(DENY);
    });

    it('allows it to priya.sharma (platform-admins)', async () => {
      await expect(
        decide(policy, kubernetesProxyPermission, priya),
      ).resolves.toEqual(ALLOW);
    });

    it('allows it to the configured groups', async () => {
      const sreProxy = policyWith({
        permission: { portal: { kubernetesProxy: { allowedGroups: ['sre'] } } },
      });
      await expect(
        decide(sreProxy, kubernetesProxyPermission, noah),
      ).resolves.toEqual(ALLOW);
      await expect(
        decide(sreProxy, kubernetesProxyPermission, sara),
      ).resolves.toEqual(DENY);
    });
  });

  describe('rule 9: dry-running templates is for template editors', () => {
    const policy = policyWith(productionConfig);

    it.each([
      ['priya.sharma (platform-admins)', priya],
      ['marco.rossi (platform)', marco],
    ])('allows it to %s', async (_name, user) => {
      await expect(
        decide(policy, templateDryRunPermission, user),
      ).resolves.toEqual(ALLOW);
    });

    it.each([
      ['lena.fischer', lena],
      ['tom.becker', tom],
      ['sara.kim', sara],
      ['noah.williams', noah],
      ['no user', noUser],
    ])('denies it to %s', async (_name, user) => {
      expect(templateDryRunPermission.attributes.action).toBeUndefined();
      await expect(
        decide(policy, templateDryRunPermission, user),
      ).resolves.toEqual(DENY);
    });

    it('takes the template editors from config', async () => {
      const paymentsEditors = policyWith({
        permission: {
          portal: { templateDryRun: { allowedGroups: ['payments'] } },
        },
      });
      await expect(
        decide(paymentsEditors, templateDryRunPermission, lena),
      ).resolves.toEqual(ALLOW);
      await expect(
        decide(paymentsEditors, templateDryRunPermission, marco),
      ).resolves.toEqual(DENY);
    });
  });

  describe("rule 10: a scaffolder task is its creator's", () => {
    const policy = policyWith(productionConfig);

    /** The exact conditional decision rule 10 produces for a user. */
    function createdBy(userEntityRef: string): PolicyDecision {
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: [userEntityRef] },
        },
      };
    }

    it.each([
      ['lena.fischer', lena],
      ['tom.becker', tom],
      ['sara.kim', sara],
      ['noah.williams', noah],
      ['marco.rossi', marco],
    ])(
      'makes reading and cancelling (and so retrying) conditional on %s having created the task',
      async (_name, user) => {
        expect(taskCancelPermission.attributes.action).toBeUndefined();
        for (const permission of [taskReadPermission, taskCancelPermission]) {
          await expect(decide(policy, permission, user)).resolves.toEqual(
            createdBy(user.info.userEntityRef),
          );
        }
      },
    );

    it('allows every task to priya.sharma (platform-admins)', async () => {
      await expect(
        decide(policy, taskCancelPermission, priya),
      ).resolves.toEqual(ALLOW);
      await expect(decide(policy, taskReadPermission, priya)).resolves.toEqual(
        ALLOW,
      );
    });

    it('denies tasks without a user', async () => {
      await expect(
        decide(policy, taskCancelPermission, noUser),
      ).resolves.toEqual(DENY);
      await expect(decide(policy, taskReadPermission, noUser)).resolves.toEqual(
        DENY,
      );
    });
  });

  describe('rule 7: no user means no group memberships', () => {
    const policy = policyWith(productionConfig);

    it('allows reads and creates', async () => {
      await expect(
        decide(policy, catalogEntityReadPermission, noUser),
      ).resolves.toEqual(ALLOW);
      await expect(
        decide(policy, catalogLocationCreatePermission, noUser),
      ).resolves.toEqual(ALLOW);
    });

    it('makes entity changes conditional on owning with no claims', async () => {
      await expect(
        decide(policy, catalogEntityDeletePermission, noUser),
      ).resolves.toEqual(ownedBy([]));
    });

    it('denies everything else, production actions included', async () => {
      await expect(
        decide(policy, catalogLocationDeletePermission, noUser),
      ).resolves.toEqual(DENY);
      await expect(
        decide(policy, templateManagementPermission, noUser),
      ).resolves.toEqual(DENY);
      await expect(
        decide(policy, deploymentsRollbackProductionPermission, noUser),
      ).resolves.toEqual(DENY);
    });
  });
});
