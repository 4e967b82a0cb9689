import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ScaffolderTasks } from './ProvisioningService';

/**
 * Reads a scaffolder task (`GET /api/scaffolder/v2/tasks/:id`) on behalf of
 * the caller: a grant is only issued to a task that exists, is running,
 * was started by the caller and runs a template allowed to provision.
 */
export class ScaffolderTaskLookup implements ScaffolderTasks {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      fetch?: typeof fetch;
    },
  ) {}

  async getTask(taskId: string, credentials: BackstageCredentials) {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'scaffolder',
    });
    const baseUrl = await this.options.discovery.getBaseUrl('scaffolder');
    const response = await (this.options.fetch ?? fetch)(
      `${baseUrl}/v2/tasks/${encodeURIComponent(taskId)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (response.status === 404 || response.status === 403) {
      return undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const task = (await response.json()) as {
      status: string;
      createdBy?: string;
      spec?: { templateInfo?: { entityRef?: string } };
    };
    return {
      status: task.status,
      createdBy: task.createdBy,
      templateRef: task.spec?.templateInfo?.entityRef,
    };
  }
}
