// The browser side of bench/baseline.mjs and bench/first-load.mjs: sign in
// through the OIDC popup in a fresh Chromium context, let the home page
// settle, open the catalog, and count every script the context downloaded.
import { setTimeout as sleep } from 'node:timers/promises';

/** The real OIDC popup flow, as in e2e-tests/support/signIn.ts. */
export async function signIn(page, portal) {
  await page.goto(`${portal}/`);
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupPromise;
  await popup.getByLabel('Username or e-mail').fill('lena.fischer');
  await popup.getByLabel('Password').fill('sandbox');
  await Promise.all([
    popup.waitForEvent('close'),
    popup.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await page
    .getByRole('link', { name: 'Settings', exact: true })
    .waitFor({ timeout: 30_000 });
}

/** The catalog's first row: a `tbody` row with a link. */
const tableRow = page =>
  page.locator('tbody tr').filter({ has: page.getByRole('link') });

/**
 * The Deployments page's first row: a virtualised list with ARIA table
 * roles (no tbody), its service a link.
 */
export const deploymentsRow = page =>
  page
    .getByRole('table', { name: 'Deployments' })
    .getByRole('row')
    .filter({ has: page.getByRole('link') });

/** Navigates to url; ms until the first row (rowsOf(page)) shows. */
export async function timeFirstRows(page, url, rowsOf = tableRow) {
  const t0 = performance.now();
  await page.goto(url);
  await rowsOf(page).first().waitFor({ state: 'visible', timeout: 60_000 });
  return performance.now() - t0;
}

/**
 * Returns quiet(): resolves once no request of the context has been in
 * flight for 500 ms (at most 15 s). page.waitForLoadState('networkidle') is
 * no use after a click: it returns at once if the page was idle before.
 */
export function trackNetwork(context) {
  let inFlight = 0;
  let lastChange = performance.now();
  const change = delta => () => (
    (inFlight += delta), (lastChange = performance.now())
  );
  context.on('request', change(+1));
  context.on('requestfinished', change(-1));
  context.on('requestfailed', change(-1));
  return async () => {
    const deadline = performance.now() + 15_000;
    while (
      performance.now() < deadline &&
      (inFlight > 0 || performance.now() - lastChange < 500)
    ) {
      await sleep(50);
    }
  };
}

/**
 * Records every script response of the context while a phase is set.
 * Encoded = body bytes on the wire as Chromium counts them (responseBodySize),
 * decoded = the JavaScript after decompression (response.body()).
 * page.goto() reloads the whole app, so the bundles of an earlier phase are
 * requested again but come from the HTTP cache (nothing received: body +
 * header bytes = Chromium's encodedDataLength = 0): they count as requests,
 * not as downloaded bytes.
 */
export function recordScripts(context) {
  let phase = null;
  const pending = [];
  context.on('response', response => {
    if (!phase || response.request().resourceType() !== 'script') return;
    const inPhase = phase;
    pending.push(
      (async () => {
        const headers = await response.allHeaders();
        const sizes = await response.request().sizes();
        // Chromium drops the body of a document being navigated away from;
        // then fetch the same file again just to learn its decoded size.
        const body = await response
          .body()
          .catch(async () =>
            Buffer.from(await (await fetch(response.url())).arrayBuffer()),
          );
        const fromCache =
          sizes.responseBodySize + sizes.responseHeadersSize <= 0;
        return {
          url: response.url(),
          phase: inPhase,
          status: response.status(),
          fromCache,
          encoded: fromCache ? 0 : sizes.responseBodySize,
          contentLength: headers['content-length']
            ? Number(headers['content-length'])
            : null,
          decoded: fromCache ? 0 : body.length,
          encoding: headers['content-encoding'] ?? null,
          cacheControl: headers['cache-control'] ?? null,
        };
      })(),
    );
  });
  return {
    setPhase: name => {
      phase = name;
    },
    collect: () => Promise.all(pending),
  };
}

/** Totals of the downloaded scripts, overall and per phase. */
export function summarizeScripts(scripts, portal, phases) {
  const downloaded = scripts.filter(s => !s.fromCache);
  const sum = (key, list = downloaded) => list.reduce((n, s) => n + s[key], 0);
  const byPhase = {};
  for (const name of phases) {
    const list = downloaded.filter(s => s.phase === name);
    byPhase[name] = {
      files: list.length,
      encodedBytes: sum('encoded', list),
      decodedBytes: sum('decoded', list),
    };
  }
  return {
    requests: scripts.length,
    fromCache: scripts.length - downloaded.length,
    files: downloaded.length,
    portalFiles: downloaded.filter(s => s.url.startsWith(portal)).length,
    encodedBytes: sum('encoded'),
    decodedBytes: sum('decoded'),
    byPhase,
    compressedFiles: downloaded.filter(s => s.encoding).length,
    encodings: [...new Set(downloaded.map(s => s.encoding ?? 'none'))],
    uncompressed: downloaded
      .filter(s => !s.encoding)
      .map(s => `${s.url} (${s.decoded} B)`),
    list: scripts,
  };
}

/**
 * The stock create-app app's sign-in: its guest provider's button ("Enter"
 * on the Guest card), at its home page (/home; its catalog is at /).
 */
export async function signInAsGuest(page, portal) {
  await page.goto(`${portal}/home`);
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 30_000 });
  await page
    .getByRole('link', { name: 'Settings', exact: true })
    .waitFor({ timeout: 30_000 });
}

/**
 * Sign-in + home, then the catalog (url), in a fresh context (empty HTTP
 * cache, like a first visit). Returns the scripts downloaded per phase and
 * the times to the catalog's first rows: the first (cold) navigation, then
 * navigations - 1 warm ones in the same context. `pages`
 * ({ name: { url, rowsOf } }) are then timed the same way (first rows,
 * navigations times, the first cold) in the same signed-in context; their
 * scripts are not counted.
 */
export async function measureFirstLoad(
  browser,
  { portal, catalog, navigations = 1, signInWith = signIn, pages = {} },
) {
  const context = await browser.newContext();
  try {
    const recorder = recordScripts(context);
    const quiet = trackNetwork(context);
    const page = await context.newPage();
    recorder.setPhase('sign-in');
    await signInWith(page, portal);
    // The signed-in home page then lazily loads its widgets. Wait until the
    // network is quiet so they are always counted, rather than depending on
    // how fast the next goto cancels them.
    await quiet();
    recorder.setPhase('catalog');
    const navMs = [await timeFirstRows(page, catalog)];
    // Chunks loaded lazily after the first rows belong to the catalog page too.
    await quiet();
    recorder.setPhase(null);
    const scripts = await recorder.collect();
    // Warm: same signed-in context, so the HTTP cache and session cookie are
    // reused; each goto is still a full page load of the single-page app.
    for (let i = 1; i < navigations; i++)
      navMs.push(await timeFirstRows(page, catalog));
    const pagesMs = {};
    for (const [name, { url, rowsOf }] of Object.entries(pages)) {
      pagesMs[name] = [];
      for (let i = 0; i < navigations; i++)
        pagesMs[name].push(await timeFirstRows(page, url, rowsOf));
    }
    return {
      scripts: summarizeScripts(scripts, portal, ['sign-in', 'catalog']),
      navMs,
      pagesMs,
    };
  } finally {
    await context.close();
  }
}
