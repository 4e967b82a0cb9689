export interface Config {
  provisioning?: {
    /**
     * The AWS CloudFormation engine (`cloudformation`): one stack
     * `<service>-<env>` per target from infra/cloudformation/service-tiers.yaml.
     * Select it per service with `provisioning.engines`. Without this
     * section the engine is not added.
     */
    cloudformation?: {
      /** The region the stacks live in, e.g. `eu-central-1`. */
      region: string;
      /** Another endpoint than AWS's, e.g. the sandbox's `http://localhost:7010/cloudformation`. */
      endpoint?: string;
      /**
       * A static key pair. Leave it out in production: the AWS SDK's default
       * chain then finds the backend's own identity (environment, IRSA web
       * identity token, instance role).
       */
      credentials?: {
        accessKeyId: string;
        /** @visibility secret */
        secretAccessKey: string;
        /** @visibility secret */
        sessionToken?: string;
      };
      /** The template sent as TemplateBody; defaults to the repository's infra/cloudformation/service-tiers.yaml. */
      templatePath?: string;
      /** Where stack and change set links point; defaults to the region's AWS console. */
      consoleUrl?: string;
      /** Attempts per call, with the SDK's back-off for throttling, 5xx and network errors. Default 5. */
      maxAttempts?: number;
      /** Timeout of one HTTP request in milliseconds. Default 30000. */
      timeoutMs?: number;
      /** The engine id `provisioning.engines` names. Default `cloudformation`. */
      id?: string;
    };
  };
}
