import { InputError } from '@backstage/errors';
import type { ProvisioningEngine } from '@internal/plugin-provisioning-node';

/**
 * The engines the backend knows (Terraform Cloud from its own config, others
 * from modules) and which one each service uses (`provisioning.engines`).
 */
export class EngineRegistry {
  private readonly engines = new Map<string, ProvisioningEngine>();

  constructor(
    private readonly settings: {
      defaultEngine: string;
      serviceEngines: Record<string, string>;
    },
  ) {}

  add(engine: ProvisioningEngine): void {
    if (this.engines.has(engine.id)) {
      throw new Error(`Provisioning engine "${engine.id}" is added twice`);
    }
    this.engines.set(engine.id, engine);
  }

  /** The engine id configured for a service (its own, else the default). */
  engineIdFor(service: string): string {
    return this.settings.serviceEngines[service] ?? this.settings.defaultEngine;
  }

  get(id: string): ProvisioningEngine {
    const engine = this.engines.get(id);
    if (!engine) {
      throw new InputError(
        `Provisioning engine "${id}" is not installed; installed: ${
          [...this.engines.keys()].join(', ') || 'none'
        }`,
      );
    }
    return engine;
  }

  /** Fails at startup when configuration names an engine nobody installed. */
  assertConfigured(): void {
    for (const id of new Set([
      this.settings.defaultEngine,
      ...Object.values(this.settings.serviceEngines),
    ])) {
      this.get(id);
    }
  }
}
