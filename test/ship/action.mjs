// action.yml run as a local action (test/ship/action-runner.mjs) on a fixture repository: a Chirpy
// blog with a base commit and a pull request on top of it, zhen installed from the packed tarball.
// Also the pre-commit hooks' entries and the lint-staged recipe, run as those tools run them.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCompositeAction } from './action-runner.mjs';
import { annotationProblems, parseWorkflowCommand } from '../helpers/workflowCommand.mjs';

const COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup', 'add-mask']);

function git(cwd, ...args) {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const post = (title, body) => `---\ntitle: ${title}\ncategories: [Blog]\ntags: [ai]\n---\n\n${body}\n`;

/** The fixture blog: `old.md` (findings, untouched by the PR), `edited.md` (one line changed), `added.md` (new, with a warning: `Github` beside `GitHub`; a lone `Github` is a hint since the term findings are graded), `broken.md` (an error, new). */
function fixtureRepo(work) {
  const repo = join(work, 'fixture-blog');
  mkdirSync(join(repo, '_posts'), { recursive: true });
  writeFileSync(join(repo, '_config.yml'), 'theme: jekyll-theme-chirpy\ntimezone: Asia/Shanghai\n');
  writeFileSync(join(repo, '.zhen.yml'), 'language: en\n');
  writeFileSync(join(repo, '_posts', '2024-01-01-old.md'), post('旧文', '我们用AI写代码。\n\n第二段用CPU跑。'));
  writeFileSync(join(repo, '_posts', '2024-01-02-edited.md'), post('改过', '第一段说明。\n\n第二段说明。\n\n第三段说明。'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  const base = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(join(repo, '_posts', '2024-01-02-edited.md'), post('改过', '第一段说明。\n\n第二段用GPU训练。\n\n第三段说明。'));
  writeFileSync(join(repo, '_posts', '2024-01-03-added.md'), post('新文', '新文章用Linux部署，代码放在 GitHub 上，也就是 Github 上。'));
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'pull request');
  return { repo, base };
}

/**
 * The hook repository a user's pre-commit installs, made from the packed tarball: the package as
 * npm installs it (dist/cli.js, the schema, package.json without its devDependencies and scripts,
 * which build what the tarball already holds) and this repository's .pre-commit-hooks.yaml, in a
 * git repository of its own. pre-commit runs on it what it runs on this repository (`npm install`,
 * `npm pack`, `npm install -g`, the hook's entry) without installing the devDependencies and
 * building the bundle again (about 15 s of CPU, most of the ship step's): the unit of `npm test`
 * without CI. CI (and ZHEN_SHIP_PRECOMMIT=full) tries this repository itself.
 */
export function hookRepoFromTarball({ work, tarball, root }) {
  const dir = join(work, 'hook-repo');
  mkdirSync(dir, { recursive: true });
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
  assert.equal(tar.status, 0, tar.stderr);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  delete pkg.devDependencies;
  delete pkg.scripts;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  copyFileSync(join(root, '.pre-commit-hooks.yaml'), join(dir, '.pre-commit-hooks.yaml'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'zhen hooks');
  return dir;
}

/**
 * `pre-commit try-repo` of a hook repository (this repository, or `hookRepoFromTarball`'s), on a
 * fixture blog of its own, run beside the other ship tests (its test awaits it): pre-commit clones
 * the repository (its uncommitted changes too), runs `npm install` and `npm install -g "$(npm
 * pack)"` in a node environment of its own, then the hook's entry on the files given. For this
 * repository that install is most of a minute, mostly waiting on the disk. Its npm prefers the
 * cache (`prefer-offline`: the lock file's packages are taken from the npm cache without asking the
 * registry whether they changed; what is installed is the same). Resolves with the exit status,
 * output, wall time and the repository tried, or undefined when pre-commit is not installed.
 */
export function startPreCommit({ work, env, root, hookRepo = root }) {
  const has = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (has.error) return Promise.resolve(undefined);
  const own = join(work, 'pre-commit');
  const { repo } = fixtureRepo(own);
  const started = Date.now();
  return new Promise((resolve) => {
    const p = spawn('pre-commit', ['try-repo', hookRepo, 'zhen', '--files', '_posts/2024-01-03-added.md', '_posts/2024-01-01-old.md'], {
      cwd: repo,
      env: { ...env, PRE_COMMIT_HOME: join(own, 'home'), PRE_COMMIT_COLOR: 'never', npm_config_prefer_offline: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill(), 600_000);
    const done = (status, extra = '') => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr: stderr + extra, seconds: (Date.now() - started) / 1000, tried: hookRepo === root ? 'this repository' : 'a hook repository made from the tarball' });
    };
    p.on('error', (err) => done(null, String(err)));
    p.on('close', (code, signal) => done(code ?? signal));
  });
}

export async function runActionTests({ test, tarball, work, env, root, preCommit = Promise.resolve(undefined) }) {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
  const { repo, base } = fixtureRepo(work);
  const runnerEnv = { ...env, RUNNER_TEMP: work, npm_config_offline: 'true', npm_config_cache: join(work, 'npm-cache') };
  const pr = { name: 'pull_request', payload: { pull_request: { number: 1, base: { sha: base, ref: 'main' } } } };
  const run = (inputs, event = pr) => runCompositeAction({ actionDir: root, workspace: repo, inputs: { version: tarball, ...inputs }, event, env: runnerEnv, parseCommand: (l) => parseWorkflowCommand(l, COMMANDS) });
  const zhenBin = join(work, 'blog', 'node_modules', '.bin', 'zhen');
  const direct = (...args) => spawnSync(zhenBin, ['check', ...args], { cwd: repo, encoding: 'utf8', env: { ...env, ZHEN_CACHE_DIR: join(work, 'cache') } });
  const files = (r) => [...new Set(r.annotations.filter((a) => a.properties.file).map((a) => a.properties.file))].sort();
  const show = (r) => r.log.map((l) => `--- ${l.step} (${l.status})\n${l.stdout}${l.stderr}`).join('\n');

  await test('action.yml: a composite action with documented inputs and outputs, bash steps only', () => {
    assert.equal(action.runs.using, 'composite');
    for (const [name, spec] of Object.entries(action.inputs)) assert.ok(spec.description?.length > 10, `input ${name} is described`);
    for (const [name, spec] of Object.entries(action.outputs)) assert.match(spec.value, /^\$\{\{ steps\.check\.outputs\.\w+ \}\}$/, `output ${name}`);
    assert.deepEqual(Object.keys(action.inputs).sort(), ['args', 'base', 'config', 'fail-on', 'filter-mode', 'path', 'version']);
    assert.ok(action.name && action.description && action.branding);
  });

  await test('action in a pull request, defaults: installs zhen, annotates only the changed files, passes on warnings', () => {
    const r = run({});
    assert.ok(r.ok, show(r));
    assert.deepEqual(files(r), ['_posts/2024-01-02-edited.md', '_posts/2024-01-03-added.md']);
    for (const a of r.annotations) assert.deepEqual(annotationProblems(a.line), [], a.line);
    // The same annotations as zhen check --format github on those files, in the same order.
    const expected = direct('--format', 'github', '_posts/2024-01-02-edited.md', '_posts/2024-01-03-added.md').stdout.split('\n').filter(Boolean);
    assert.deepEqual(r.annotations.map((a) => a.line), expected);
    assert.ok(expected.length >= 2);
    assert.equal(Number(r.outputs.warnings), expected.filter((l) => l.startsWith('::warning')).length);
    assert.equal(Number(r.outputs.errors), 0);
    assert.match(r.summary, /### Zhen/);
    assert.match(r.log[0].stdout, /^0\.\d+\.\d+/m, 'zhen --version after the install');
  });

  await test('action: fail-on warning fails the check; fail-on never only annotates', () => {
    const w = run({ 'fail-on': 'warning' });
    assert.equal(w.ok, false);
    assert.equal(w.failed.status, 1);
    assert.ok(w.annotations.length);
    const n = run({ 'fail-on': 'never', 'filter-mode': 'nofilter' });
    assert.ok(n.ok, show(n));
  });

  await test('action: filter-mode added annotates only the changed lines; nofilter everything', () => {
    const added = run({ 'filter-mode': 'added' });
    assert.ok(added.ok, show(added));
    const lines = added.annotations.map((a) => `${a.properties.file}:${a.properties.line}`);
    assert.ok(lines.includes('_posts/2024-01-02-edited.md:9'), lines.join(' '));
    assert.ok(lines.every((l) => l === '_posts/2024-01-02-edited.md:9' || l.startsWith('_posts/2024-01-03-added.md:')), lines.join(' '));
    assert.deepEqual(added.annotations.map((a) => a.line), direct('--format', 'github', '--since', base, '.').stdout.split('\n').filter(Boolean));
    const all = run({ 'filter-mode': 'nofilter' });
    assert.ok(files(all).includes('_posts/2024-01-01-old.md'));
  });

  await test('action: an error in a changed file fails it (exit 1), with the error annotated', () => {
    writeFileSync(join(repo, '_posts', '2024-01-04-broken.md'), '---\ntitle: [broken\n---\n\n正文。\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'broken front matter');
    try {
      const r = run({});
      assert.equal(r.ok, false, show(r));
      assert.equal(r.failed.status, 1);
      assert.ok(r.annotations.some((a) => a.command === 'error' && a.properties.file === '_posts/2024-01-04-broken.md'), show(r));
      assert.ok(Number(r.outputs.errors) >= 1);
    } finally {
      git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    }
  });

  await test('action: a push whose base is all zeros (a new branch) checks everything; a bad input is an error', () => {
    const r = run({}, { name: 'push', payload: { before: '0000000000000000000000000000000000000000' } });
    assert.ok(r.ok, show(r));
    assert.ok(files(r).includes('_posts/2024-01-01-old.md'));
    const bad = run({ 'fail-on': 'sometimes' });
    assert.equal(bad.ok, false);
    assert.ok(bad.annotations.some((a) => a.command === 'error' && /fail-on must be/.test(a.data)));
  });

  await test('action: no version given installs zhen@<this action\'s version>', () => {
    // An npm on the PATH that records what it was asked to install and installs the tarball instead.
    const bin = join(work, 'fake-npm');
    mkdirSync(bin, { recursive: true });
    const record = join(work, 'npm-args.txt');
    const realNpm = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(bin, 'npm'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > '${record}'\nexec '${realNpm}' "\${@:1:$#-1}" '${tarball}'\n`);
    chmodSync(join(bin, 'npm'), 0o755);
    const r = runCompositeAction({ actionDir: root, workspace: repo, inputs: {}, event: pr, env: { ...runnerEnv, PATH: `${bin}:${env.PATH}` }, parseCommand: (l) => parseWorkflowCommand(l, COMMANDS) });
    assert.ok(r.ok, show(r));
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    assert.equal(readFileSync(record, 'utf8').trim().split('\n').pop(), `zhen@${version}`);
  });

  await test('.pre-commit-hooks.yaml: the hooks run as pre-commit runs them (entry + the staged Markdown files)', () => {
    const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8'));
    assert.deepEqual(hooks.map((h) => h.id), ['zhen', 'zhen-fix']);
    for (const h of hooks) {
      assert.equal(h.language, 'node');
      assert.deepEqual(h.types, ['markdown']);
      assert.ok(h.name && h.description && h.entry.startsWith('zhen '));
    }
    // pre-commit runs `ENTRY ARGS FILE…` with the hook's environment's bin first on the PATH.
    const [check, fix] = hooks;
    const staged = ['_posts/2024-01-02-edited.md', '_posts/2024-01-03-added.md'];
    const runHook = (h) => spawnSync('bash', ['-c', `${h.entry} ${(h.args ?? []).join(' ')} "$@"`, 'hook', ...staged], { cwd: repo, encoding: 'utf8', env: { ...env, PATH: `${join(work, 'blog', 'node_modules', '.bin')}:${env.PATH}` } });
    const c = runHook(check);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /2024-01-03-added\.md/);
    assert.doesNotMatch(c.stdout, /2024-01-01-old\.md/);
    const f = runHook(fix);
    assert.equal(f.status, 0, f.stderr);
    assert.match(readFileSync(join(repo, '_posts', '2024-01-03-added.md'), 'utf8'), /新文章用 Linux 部署/);
    git(repo, 'checkout', '-q', '--', '.');
  });

  await test('pre-commit itself installs the hook and runs it (pre-commit try-repo of this repository in CI, of one made from the tarball without; run beside the ship tests)', async () => {
    const r = await preCommit;
    if (!r) {
      // CI installs pre-commit (.ci/e2e-tools.sh); a developer's machine may not have it.
      if (process.env.CI) throw new Error('pre-commit is not installed (bash .ci/e2e-tools.sh installs it)');
      console.log('  (pre-commit not installed: skipped)');
      return;
    }
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^zhen\.+Passed$/m);
    console.log(`  pre-commit try-repo (${r.tried}): ${r.seconds.toFixed(1)} s`);
  });

  await test('the lint-staged recipe: zhen check --fix with absolute paths of the staged files', () => {
    // lint-staged runs the command with the staged files' absolute paths appended.
    const staged = ['_posts/2024-01-03-added.md'].map((p) => join(repo, p));
    const r = spawnSync(zhenBin, ['check', '--fix', ...staged], { cwd: join(repo, '_posts'), encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /fixed .*2024-01-03-added\.md/);
    git(repo, 'checkout', '-q', '--', '.');
  });
}
