import { refuseSourceMaps } from './sourceMaps';

/** What the root router does with a request path: 404, or on to the app. */
function route(path: string) {
  let status: number | undefined;
  let passed = false;
  refuseSourceMaps(
    { path },
    {
      status(code: number) {
        status = code;
        return { end: () => {} };
      },
    },
    () => {
      passed = true;
    },
  );
  return passed ? 'served' : status;
}

describe('refuseSourceMaps', () => {
  it.each([
    '/static/main.4f2c9a1b.js.map',
    '/static/module-backstage.7d2b.js.MAP',
    '/static/main.css.map',
    '/some/nested/app/path/chunk.js.map',
  ])('answers 404 for the app source map %s', path => {
    expect(route(path)).toBe(404);
  });

  it.each([
    '/static/main.4f2c9a1b.js',
    '/index.html',
    '/catalog/default/component/payments-api',
    // A plugin's own API is not the app's static content.
    '/api/techdocs/static/docs/default/component/x/assets/app.js.map',
  ])('lets %s through', path => {
    expect(route(path)).toBe('served');
  });
});
