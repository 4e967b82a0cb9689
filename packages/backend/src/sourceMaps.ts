import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';

/**
 * The app build (`backstage-cli package build`) always writes source maps
 * next to the bundles, and the app backend serves everything under its dist
 * directory (and keeps old assets in the database for a week). Source maps
 * give anyone the portal's full frontend sources, so the backend answers
 * 404 for every `.map` it would serve from the app, in every mode. The
 * plugins' own APIs under `/api/` are not concerned.
 */
export function refuseSourceMaps(
  req: { path: string },
  res: { status(code: number): { end(): void } },
  next: () => void,
) {
  if (
    !req.path.startsWith('/api/') &&
    req.path.toLowerCase().endsWith('.map')
  ) {
    res.status(404).end();
    return;
  }
  next();
}

/** The default root HTTP router, with {@link refuseSourceMaps} in front. */
export const rootHttpRouterWithoutSourceMaps = rootHttpRouterServiceFactory({
  configure({ app, applyDefaults }) {
    app.use(refuseSourceMaps);
    applyDefaults();
  },
});
