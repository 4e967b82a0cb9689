import { parse } from 'yaml';
import {
  credentialsOf,
  silentLogger,
  startTestPavedRoad,
  TestPavedRoad,
} from '../__testUtils__/testPavedRoad';
import { TemplateRenderer } from './TemplateRenderer';

const LENA = credentialsOf('user:default/lena.fischer'); // payments: owner
const SARA = credentialsOf('user:default/sara.kim'); // storefront: not an owner
const PRIYA = credentialsOf('user:default/priya.sharma'); // admin

describe('the Paved road against the sandbox GitHub', () => {
  let t: TestPavedRoad;

  beforeAll(async () => {
    t = await startTestPavedRoad();
    await t.createService('fresh', '1.1.0');
    await t.createService('old', '1.0.0');
    await t.createService('custom', '1.0.0', files =>
      files.set(
        'chart/templates/hpa.yaml',
        `${files.get('chart/templates/hpa.yaml')}# tuned by the team\n`,
      ),
    );
    // The team changed the file the new version drops.
    await t.createService('kept', '1.0.0', files =>
      files.set(
        'chart/templates/vpa.yaml',
        `${files.get('chart/templates/vpa.yaml')}# ours\n`,
      ),
    );
    // The team changed another line of the file the template changes...
    await t.createService('tuned', '1.0.0', files =>
      files.set(
        'chart/values.yaml',
        files
          .get('chart/values.yaml')!
          .replace('metrics: 9464', 'metrics: 9465'),
      ),
    );
    // ... and here the very line the template changes.
    await t.createService('clash', '1.0.0', files =>
      files.set(
        'chart/values.yaml',
        files
          .get('chart/values.yaml')!
          .replace('pullPolicy: IfNotPresent', 'pullPolicy: Never'),
      ),
    );
  });
  afterAll(() => t?.close());

  const drift = async (name: string) =>
    t.paved.drift.drift(
      await t.paved.drift.entity(`component:default/${name}`, LENA),
    );

  describe("the sandbox's sample services", () => {
    let sample: Map<string, string>;
    beforeAll(async () => {
      sample = await t.createSample('sample-now', '1.1.0');
      await t.createSample('sample-old', '1.0.0');
    });

    it('are rendered exactly as the scaffolder renders their recorded answers', async () => {
      const versions = t.paved.templates.get('template:default/microservice')!;
      const htmlUrl = `${t.sandbox.url}/acme/sample-now`;
      const record = JSON.parse(
        parse(sample.get('catalog-info.yaml')!).metadata.annotations[
          'paved-road.acme.example/template-values'
        ],
      );
      expect(record).toMatchObject({
        name: 'sample-now',
        database: 'rds-postgres',
        environments: ['dev', 'staging', 'prod'],
        prod: { replicas: '3-10', database: { instanceClass: 'db.r6g.large' } },
      });
      const rendered = await new TemplateRenderer(silentLogger).render({
        templateDirectory: await versions.directoryAt('1.1.0'),
        templateRef: 'template:default/microservice',
        parameters: record,
        repository: { remoteUrl: `${htmlUrl}.git`, htmlUrl },
      });
      expect([...sample.keys()].sort()).toEqual([...rendered.keys()].sort());
      for (const [path, text] of rendered) {
        // CI's image tag is the one difference (a shared file).
        const ours = sample.get(path)!.replace(/tag: "1\.0\.0"/, 'tag: ""');
        expect([path, ours]).toEqual([path, text]);
      }
    });

    it('are up to date at the current version and behind at an older one', async () => {
      expect(await drift('sample-now')).toMatchObject({
        state: 'up-to-date',
        version: '1.1.0',
        changedFiles: [],
      });
      expect(await drift('sample-old')).toMatchObject({
        state: 'behind',
        version: '1.0.0',
        currentVersion: '1.1.0',
      });
    });
  });

  it('knows the template versions from its git history and the CHANGELOG between them', async () => {
    const versions = t.paved.templates.get('template:default/microservice')!;
    expect(await versions.list()).toEqual(['1.0.0', '1.1.0']);
    const sections = await versions.changelog('1.0.0', '1.1.0');
    expect(sections).toHaveLength(1);
    expect(sections[0]).toMatch(/^## 1\.1\.0\n\n- Images are always pulled/);
  });

  it('tells up to date, behind and diverged from the repositories', async () => {
    expect(await drift('fresh')).toMatchObject({
      state: 'up-to-date',
      version: '1.1.0',
      currentVersion: '1.1.0',
      changedFiles: [],
    });
    expect(await drift('old')).toMatchObject({
      state: 'behind',
      version: '1.0.0',
      currentVersion: '1.1.0',
      changedFiles: [],
    });
    expect(await drift('custom')).toMatchObject({
      state: 'diverged',
      version: '1.0.0',
      changedFiles: ['chart/templates/hpa.yaml'],
    });
    const list = await t.paved.drift.list(LENA);
    expect(list.map(s => [s.entityRef, s.state])).toEqual([
      ['component:default/clash', 'diverged'],
      ['component:default/custom', 'diverged'],
      ['component:default/fresh', 'up-to-date'],
      ['component:default/kept', 'diverged'],
      ['component:default/old', 'behind'],
      ['component:default/sample-now', 'up-to-date'],
      ['component:default/sample-old', 'behind'],
      ['component:default/tuned', 'diverged'],
    ]);
  });

  it('refuses the upgrade to whoever does not own the service, and audits the denial', async () => {
    await expect(
      t.paved.upgrades.upgrade('component:default/old', { credentials: SARA }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(t.events.at(-1)).toMatchObject({
      eventId: 'paved-road-upgrade',
      outcome: 'fail',
      meta: { entityRef: 'component:default/old' },
    });
    await expect(
      t.paved.upgrades.upgradeMany(['component:default/old'], {
        credentials: LENA,
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('merges a clean change three ways, and updates the same pull request when asked again', async () => {
    const first = await t.paved.upgrades.upgrade('component:default/tuned', {
      credentials: LENA,
    });
    expect(first).toMatchObject({
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      pullRequest: { number: 1, created: true },
      conflicts: [],
    });
    expect(first.files).toEqual(
      expect.arrayContaining(['chart/values.yaml', 'catalog-info.yaml']),
    );
    const values = await t.readFile(
      'tuned',
      'chart/values.yaml',
      'paved-road/upgrade-microservice',
    );
    // The template's line and the team's line, both.
    expect(values).toContain('pullPolicy: Always');
    expect(values).toContain('metrics: 9465');
    expect(
      await t.readFile(
        'tuned',
        'catalog-info.yaml',
        'paved-road/upgrade-microservice',
      ),
    ).toContain('paved-road.acme.example/template-version: "1.1.0"');
    expect(t.events.at(-1)).toMatchObject({
      eventId: 'paved-road-upgrade',
      outcome: 'success',
    });
    // The file 1.1.0 drops, unchanged by the team, is deleted; all of it in one commit.
    expect(first.files).toContain('chart/templates/vpa.yaml');
    await expect(
      t.readFile(
        'tuned',
        'chart/templates/vpa.yaml',
        'paved-road/upgrade-microservice',
      ),
    ).rejects.toThrow(/404/);
    const tuned = {
      host: new URL(t.sandbox.url).host,
      owner: 'acme',
      repo: 'tuned',
    };
    const [mainSha, branchSha] = await Promise.all(
      ['main', 'paved-road/upgrade-microservice'].map(b =>
        t.paved.pulls.branchSha(tuned, b),
      ),
    );
    const compare = await fetch(
      `${t.sandbox.url}/github/api/v3/repos/acme/tuned/compare/${mainSha}...${branchSha}`,
      { headers: { authorization: 'token sandbox-github-token' } },
    );
    expect(
      (await compare.json()).commits.map((c: any) => c.commit.message),
    ).toEqual(['Upgrade template:default/microservice from 1.0.0 to 1.1.0']);

    const again = await t.paved.upgrades.upgrade('component:default/tuned', {
      credentials: LENA,
    });
    expect(again.pullRequest).toEqual({ ...first.pullRequest, created: false });
    const state = await drift('tuned');
    expect(state.pullRequest).toMatchObject({
      number: 1,
      toVersion: '1.1.0',
      mergeable: true,
    });
  });

  it('leaves a conflicting change between markers and lists it in the pull request', async () => {
    const result = await t.paved.upgrades.upgrade('component:default/clash', {
      credentials: PRIYA,
    });
    expect(result.conflicts).toEqual(['chart/values.yaml']);
    const values = await t.readFile(
      'clash',
      'chart/values.yaml',
      'paved-road/upgrade-microservice',
    );
    expect(values).toMatch(
      /<<<<<<< main \(your repository\)\n\s*pullPolicy: Never\n=======\n\s*pullPolicy: Always\n>>>>>>> template 1\.1\.0/,
    );
    const [pull] = await t.paved.pulls.list(
      { host: new URL(t.sandbox.url).host, owner: 'acme', repo: 'clash' },
      { state: 'open' },
    );
    expect(pull.body).toContain('## Conflicts to resolve');
    expect(pull.body).toContain('- `chart/values.yaml`');
    expect(pull.body).toContain('### 1.1.0');
    expect(pull.body).toContain('Images are always pulled');
  });

  it('keeps a dropped file the team changed, and lists it as a conflict', async () => {
    const result = await t.paved.upgrades.upgrade('component:default/kept', {
      credentials: LENA,
    });
    expect(result.conflicts).toEqual(['chart/templates/vpa.yaml']);
    expect(result.files).not.toContain('chart/templates/vpa.yaml');
    expect(
      await t.readFile(
        'kept',
        'chart/templates/vpa.yaml',
        'paved-road/upgrade-microservice',
      ),
    ).toContain('# ours');
    const [pull] = await t.paved.pulls.list(
      { host: new URL(t.sandbox.url).host, owner: 'acme', repo: 'kept' },
      { state: 'open' },
    );
    expect(pull.body).toContain('## Dropped by the template, changed by you');
  });

  it('merges the upgrade from the portal: the repository records the new version', async () => {
    await t.paved.upgrades.upgrade('component:default/old', {
      credentials: LENA,
    });
    await expect(
      t.paved.upgrades.merge('component:default/old', { credentials: SARA }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    const merged = await t.paved.upgrades.merge('component:default/old', {
      credentials: LENA,
    });
    expect(merged.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await drift('old')).toMatchObject({
      state: 'up-to-date',
      version: '1.1.0',
      pullRequest: undefined,
    });
    await expect(
      t.paved.upgrades.upgrade('component:default/old', { credentials: LENA }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });
});
