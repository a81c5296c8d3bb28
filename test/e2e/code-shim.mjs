#!/usr/bin/env node
// Stand-in for the VS Code executable, for @vscode/test-electron's
// `runTests({ vscodeExecutablePath: <this file> })`. Desktop VS Code cannot be downloaded here,
// but the same arguments (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=,
// --extensions-dir=, --locale=, a folder) run in code-server (VS Code's own server and workbench)
// shown in headless Chromium. The exit code is the test outcome, as with VS Code: 0 when the
// suite's run() resolved. On a laptop with desktop VS Code, runTests works without this shim.
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { launchChromium, scratch, startCodeServer, workbenchUrl } from './lib/editor.mjs';

const opt = { dev: [], folder: undefined, tests: undefined, ud: undefined, ext: undefined, locale: undefined };
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(a);
  if (m?.[1] === 'extensionDevelopmentPath') opt.dev.push(resolve(m[2]));
  else if (m?.[1] === 'extensionTestsPath') opt.tests = resolve(m[2]);
  else if (m?.[1] === 'extensions-dir') opt.ext = resolve(m[2]);
  else if (m?.[1] === 'locale') opt.locale = m[2];
  else if (!a.startsWith('-')) opt.folder = resolve(a);
  // --user-data-dir is ignored on purpose: test-electron points it into .vscode-test/, and
  // code-server gets a fresh one per run in the scratch folder instead.
}
if (!opt.tests || !opt.dev.length) {
  console.error('code-shim: needs --extensionTestsPath= and --extensionDevelopmentPath=');
  process.exit(2);
}

const timeoutMs = Number(process.env.ZHEN_E2E_TIMEOUT_MS || 240_000);
const run = scratch('zhen-code-shim-');
const extensionsDir = opt.ext || join(run, 'ext');
mkdirSync(extensionsDir, { recursive: true });
const folder = opt.folder || join(run, 'home');
// ZHEN_E2E_SETTINGS: user settings for this window (JSON), e.g. to run an extension in the web worker host
const settings = process.env.ZHEN_E2E_SETTINGS ? JSON.parse(process.env.ZHEN_E2E_SETTINGS) : {};
// What the user sees, for the suite: it runs in an extension host, which has no API to read the
// workbench (another extension's status item, notification toasts). A loopback HTTP endpoint, named
// to the extension host by $ZHEN_E2E_WORKBENCH, reads them from the page's DOM:
//   GET /statusbar?id=SUFFIX  → the texts of the status bar items whose id ends with SUFFIX
//   GET /notifications        → the messages of the notifications on screen: toasts, and the
//                               notification centre's list when it is open. (With
//                               `enable-smoke-test-driver`, which the payload needs, the workbench
//                               shows no toasts at all: NotificationsToasts.addToast returns early
//                               on `environmentService.enableSmokeTestDriver`; the notifications
//                               are in the centre, which the suite opens with `notifications.showList`.)
let page;
const workbench = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const read =
    url.pathname === '/statusbar'
      ? () => page.evaluate((id) => [...document.querySelectorAll('.statusbar-item')].filter((e) => e.id.endsWith(id)).map((e) => e.textContent.trim()), url.searchParams.get('id') ?? '')
      : url.pathname === '/notifications'
        ? () => page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')].map((e) => e.textContent.trim()))
        : undefined;
  if (!read) return void res.writeHead(404).end();
  if (!page) return void res.writeHead(503).end('the workbench is not open yet');
  read().then(
    (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    (e) => res.writeHead(500).end(String(e?.message ?? e)),
  );
});
await new Promise((r) => workbench.listen(0, '127.0.0.1', r));
workbench.unref();
const cs = await startCodeServer({ run, extensionsDir, locale: opt.locale, settings, env: { ZHEN_E2E_WORKBENCH: `http://127.0.0.1:${workbench.address().port}` } });
let code = 1;
let browser;
// Never leave code-server behind: on a signal, or when the parent (runTests) is gone.
const parent = process.ppid;
const bail = () => {
  cs.stop();
  process.exit(1);
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, bail);
setInterval(() => process.ppid !== parent && bail(), 1000).unref();
try {
  browser = await launchChromium();
  page = await browser.newPage();
  // the workbench's console (and the web worker extension host's) goes to browser.log
  const browserLog = createWriteStream(join(run, 'browser.log'));
  page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.message}\n`));
  // When the suite's run() settles, the workbench calls window.codeAutomationExit(code, logs).
  const exited = new Promise((r) => void page.exposeFunction('codeAutomationExit', (c) => r(c)));
  await page.goto(workbenchUrl(cs.base, folder, opt.dev[0], opt.tests));
  const outcome = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  if (outcome === 'timeout') console.error(`code-shim: the suite did not finish within ${timeoutMs / 1000} s`);
  code = outcome === 0 ? 0 : 1;
} catch (e) {
  console.error('code-shim:', e);
} finally {
  await browser?.close().catch(() => undefined);
  cs.stop();
}
// The extension host's console is not a terminal here: the suite writes its report to a file.
const report = process.env.ZHEN_E2E_RESULT_FILE;
if (report && existsSync(report)) process.stdout.write(readFileSync(report, 'utf8'));
// keep the logs of a failed run (code-server.log, browser.log, ud/logs/) for a look
if (code === 0) rmSync(run, { recursive: true, force: true });
else console.error(`code-shim: logs in ${run}`);
process.exit(code);
