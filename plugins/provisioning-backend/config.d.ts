import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Settings of the provisioning plugin (@internal/plugin-provisioning-backend). */
  provisioning?: {
    /**
     * Which engine provisions a service: `default` for all, `services` per
     * catalog entity name, e.g. `{ default: tfc, services: { legacy-api: cloudformation } }`.
     * Defaults to `tfc`.
     */
    engines?: {
      default?: string;
      services?: { [service: string]: string };
    };
    /**
     * Environments a request may name, and whether their runs apply without
     * a person's approval. Defaults: dev (auto-apply), staging, prod.
     */
    environments?: {
      [environment: string]: {
        autoApply?: boolean;
      };
    };
    /**
     * What happens once a run applied: its non-sensitive outputs are
     * committed to the service repository (through `integrations.github`)
     * and the environment's Argo CD Applications held for them get
     * automated sync (through `deployments.argocd.instances`).
     */
    outputs?: {
      /** Record outputs in git at all; defaults to true. */
      record?: boolean;
      /** The values file of an environment in the service repository; defaults to `chart/values-{environment}.yaml`. */
      valuesFile?: string;
    };
    /**
     * Namespaces whose Components may be provisioned. Defaults to
     * `[default]`; a request for any other ref (another namespace, an API,
     * a Resource, a Location) is refused.
     */
    namespaces?: string[];
    /**
     * How long a grant for a service that is not in the catalog yet lasts
     * (what the "Create microservice" template obtains before it registers
     * the entity). Defaults to 1 hour.
     */
    grantTtl?: HumanDuration;
    /**
     * Templates whose scaffolder tasks may obtain such grants (entity
     * refs). Defaults to `[template:default/microservice]`.
     */
    grantTemplates?: string[];
    /** The service-tiers stack's variables: what a request may set, and the platform's. */
    variables?: {
      /**
       * The stack's variables.tf, the list of what exists. Defaults to
       * `variables.tf` in the Terraform Cloud working directory.
       */
      file?: string;
      /**
       * Variables a service may set in a request (`variables` or
       * `sensitiveVariables`); each must be declared in variables.tf.
       * Defaults to `[options]`. `service_name`, `environment`, `tiers` and
       * `sizes` are the portal's; every other declared variable is a
       * platform input.
       */
      settable?: string[];
      /**
       * Platform inputs per environment (e.g. `vpc_id`,
       * `eks_oidc_provider_arn`, `aws_account_id`), set on every run of
       * that environment; never from a request.
       */
      platform?: {
        [environment: string]: { [variable: string]: unknown };
      };
    };
    /** How often the follower looks at unfinished runs. Defaults to 5 seconds. */
    followFrequency?: HumanDuration;
    /** The Terraform Cloud engine (`tfc`): HCP Terraform or Terraform Enterprise. */
    terraformCloud?: {
      /** Organizations to use; the first is the default. */
      organizations: Array<{
        /** The organization's name, e.g. `acme`. */
        name: string;
        /** Without `/api/v2`; defaults to https://app.terraform.io. */
        baseUrl?: string;
        /** Where links to workspaces and runs point; defaults to `baseUrl`. */
        appUrl?: string;
        /**
         * A user or team API token (organization tokens cannot queue runs).
         * @visibility secret
         */
        token: string;
      }>;
      /** Organization per service (catalog entity name), when not the first one. */
      serviceOrganizations?: { [service: string]: string };
      /** e.g. `~> 1.11.0`; the organization's default when unset. */
      terraformVersion?: string;
      /** What is uploaded as a configuration version. */
      configuration?: {
        /** The directory packed (relative to the backend's working directory); defaults to the nearest `infra/`. */
        root?: string;
        /** Paths under `root` to pack; defaults to `modules` and `stacks/service-tiers`. */
        include?: string[];
        /** The workspace's working directory in the archive; defaults to `stacks/service-tiers`. */
        workingDirectory?: string;
      };
    };
  };
}
