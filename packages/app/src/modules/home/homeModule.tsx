import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

/*
 * The portal's home page: what needs the signed-in user, their teams'
 * services and what happened to them. The order and widths are
 * `page:home`'s `defaultConfig` in app-config.yaml.
 */

const homeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: async () => (await import('./HomeLayout')).HomeLayout,
  },
});

const waitingForYouWidget = HomePageWidgetBlueprint.make({
  name: 'waiting-for-you',
  params: {
    name: 'WaitingForYou',
    title: 'Waiting for you',
    description:
      'Infrastructure runs you may approve and paused canaries you may promote',
    components: async () => ({
      Content: (await import('./WaitingForYou')).WaitingForYou,
    }),
  },
});

const yourServicesWidget = HomePageWidgetBlueprint.make({
  name: 'your-services',
  params: {
    name: 'YourServices',
    title: 'Your services',
    description: "Your teams' services and their health per environment",
    components: async () => ({
      Content: (await import('./YourServices')).YourServices,
    }),
  },
});

const recentActivityWidget = HomePageWidgetBlueprint.make({
  name: 'recent-activity',
  params: {
    name: 'RecentActivity',
    title: 'Recent activity',
    description: "What happened to your teams' services, and what you did",
    components: async () => ({
      Content: (await import('./RecentActivity')).RecentActivity,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    homeLayout,
    waitingForYouWidget,
    yourServicesWidget,
    recentActivityWidget,
  ],
});
