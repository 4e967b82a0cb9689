import { createCliModule, runCli } from '@backstage/cli-node';
import actionsModule from '@backstage/cli-module-actions';
import authModule from '@backstage/cli-module-auth';
import * as commands from './commands';

/**
 * `platform`: the portal's operations for developers. Its own commands run
 * actions of the portal's actions registry (the ones MCP clients see, with
 * the same permissions and messages as the UI); the Backstage CLI modules
 * it is built on stay available as `platform auth ...` and
 * `platform actions list|execute`.
 */
const platformModule = createCliModule({
  packageJson: { name: '@internal/cli' },
  init: async registry => {
    const add = (name: string, description: string, execute: any) =>
      registry.addCommand({ path: [name], description, execute });
    add('login', 'Log in to the portal (opens the browser)', commands.login);
    add(
      'services',
      'List the services and what each environment runs',
      commands.services,
    );
    add(
      'status',
      "Show a service's deployments per environment",
      commands.status,
    );
    add(
      'rollback',
      'Roll a service back in one environment',
      commands.rollback,
    );
    add(
      'promote',
      'Promote a service to the next environment (--to), or its paused canary (--env, --full)',
      commands.promote,
    );
    add(
      'create',
      'Create a service from the portal template (follows its log)',
      commands.create,
    );
    add('runs', "List a service's provisioning runs", commands.runs);
    add(
      'approve',
      'Approve a provisioning run waiting for approval',
      commands.approve,
    );
    add(
      'discard',
      'Discard a provisioning run waiting for approval',
      commands.discard,
    );
  },
});

runCli({
  modules: [platformModule, authModule, actionsModule],
  name: 'platform',
}).catch(error => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
