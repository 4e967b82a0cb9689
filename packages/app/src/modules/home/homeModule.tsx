import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## The paved road

From "I need a new microservice" to "it runs in prod, I can see it, and I
can roll it back":

- **Create** a service from the [Create microservice](/create) template:
  repo, Helm chart, Argo CD applications and catalog entry in one form.
- **Find** every service, API, team and system in the [catalog](/catalog).
- **Read** the docs of any service from its catalog page.

Questions? Ask **#platform** or the [Platform Engineering](/catalog/default/group/platform) team.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started',
    description: 'What the portal does and where to begin',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
