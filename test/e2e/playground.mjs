#!/usr/bin/env node
// The web playground as a visitor uses it: the built dist/playground/index.html opened from disk
// (file://) in headless Chromium. Pastes the example post and compares the findings with
// `zhen check --stdin --format json` of the same build (same text, same .zhen.yml), applies one
// fix, then all (against `--fix`), opens a glossary card by hovering a term, reloads the shared
// URL and finds the same text and config; feeds it a 10 MB paste, binary junk, a text over the
// size limit (and stops its analysis) and a broken .zhen.yml, and checks each gets a clear
// message while the page keeps answering. Every request the page makes is recorded: only the
// page's own files (file:) and the worker's Blob URL may appear, nothing else.
// Ends with `N passed, N failed`. Env: ZHEN_E2E_SHOTS (folder for a screenshot; optional).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from './lib/editor.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGE = join(ROOT, 'dist', 'playground', 'index.html');
const CLI = join(ROOT, 'dist', 'cli.js');
const example = readFileSync(join(ROOT, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
const t0 = Date.now();
const log = (m) => console.log(`[playground ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
let passed = 0;
let failed = 0;
const ok = (m) => {
  passed++;
  log(`ok - ${m}`);
};
const fail = (m) => {
  failed++;
  log(`not ok - ${m}`);
};
const check = (cond, m) => (cond ? ok(m) : fail(m));

if (!existsSync(PAGE)) {
  console.error(`no built playground at ${PAGE}: run npm run build`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'zhen-playground-'));
/** `zhen check --stdin` of the same build with the page's .zhen.yml. */
function cli(args, text, config) {
  const conf = join(scratch, '.zhen.yml');
  writeFileSync(conf, config);
  const r = spawnSync(process.execPath, [CLI, 'check', '--stdin', '--config', conf, '--lang', 'en', ...args], { input: text, cwd: scratch, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0 && r.status !== 1) throw new Error(`zhen check ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
/** A core finding (UTF-16 span) as the JSON format's 1-based line and column. */
function lineCol(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const requests = [];
// Every request of the page and its worker passes here; anything not on disk or in memory is
// recorded and refused.
await context.route('**/*', (route) => {
  const url = route.request().url();
  requests.push(url);
  return /^(file|blob|data):/.test(url) ? route.continue() : route.abort();
});
context.on('request', (r) => {
  if (!requests.includes(r.url())) requests.push(r.url());
});
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => {
  if (m.type() === 'error') errors.push(m.text());
});

const state = () => page.evaluate(() => ({ text: window.zhen.text, config: window.zhen.config, findings: window.zhen.findings, hash: location.hash }));
/** Wait until the page has analysed exactly this text. */
const analysed = (text, timeout = 20_000) =>
  page.waitForFunction((t) => window.zhen.text === t && Array.isArray(window.zhen.findings) && !window.zhen.busy, text, { timeout, polling: 50 });
/** Paste into an editor the way a browser delivers a paste (a ClipboardEvent with the text). */
const paste = (selector, text) =>
  page.locator(`${selector} .cm-content`).evaluate((el, t) => {
    el.focus();
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
/** Select all of an editor and paste over it. */
async function replaceAll(selector, text) {
  await page.locator(`${selector} .cm-content`).click();
  await page.keyboard.press('Control+A');
  await paste(selector, text);
}
/** Does the page still answer, and how fast (ms)? */
async function responsive() {
  const s = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(1))));
  return Date.now() - s;
}
const notice = () => page.locator('#notice').textContent();

try {
  const url = pathToFileURL(PAGE).href;
  await page.goto(url);
  await page.waitForFunction(() => window.zhen && Array.isArray(window.zhen.findings), null, { timeout: 20_000 });
  ok(`opened ${url} from disk; the sample is checked (${(await state()).findings.length} findings)`);

  // 1. Paste the example post: the findings are `zhen check`'s on the same text and config.
  await replaceAll('#post', example);
  await analysed(example);
  let s = await state();
  const expected = JSON.parse(cli(['--format', 'json'], example, s.config)).files[0].findings;
  const mine = s.findings.map((f) => ({ rule: f.ruleId, message: f.message, ...lineCol(example, f.span.start) }));
  const theirs = expected.map((f) => ({ rule: f.rule, message: f.message, line: f.line, column: f.column }));
  check(JSON.stringify(mine) === JSON.stringify(theirs), `pasted the example post: ${mine.length} findings, the same as zhen check --stdin (${theirs.length})`);
  if (JSON.stringify(mine) !== JSON.stringify(theirs)) log(`  page: ${JSON.stringify(mine.slice(0, 3))}\n  cli:  ${JSON.stringify(theirs.slice(0, 3))}`);
  const items = await page.locator('#findings li.finding').count();
  check(items === expected.length, `the findings panel lists them (${items})`);
  check((await page.locator('#post .cm-zhen-warning').count()) > 0, 'findings are underlined in the editor');

  // 2. One fix: the first spacing finding on line 64, by its button.
  const target = expected.find((f) => f.rule === 'typo/cjk-latin-spacing' && f.line === 64);
  const index = expected.indexOf(target);
  const item = page.locator('#findings li.finding').nth(index);
  await item.locator('button.fix', { hasText: target.fixes[0].title }).first().click();
  const lines = example.split('\n');
  const e = target.fixes[0].edits[0];
  lines[e.line - 1] = lines[e.line - 1].slice(0, e.column - 1) + e.newText + lines[e.line - 1].slice(e.endColumn - 1);
  const once = lines.join('\n');
  await analysed(once);
  s = await state();
  check(s.text === once && s.findings.length === expected.length - 1, `applied "${target.fixes[0].title}" at 64:${target.column}; ${s.findings.length} findings left`);

  // 3. All fixes at once: the text of `zhen check --stdin --fix`.
  const fixedByCli = cli(['--fix'], once, s.config);
  await page.locator('#fixall').click();
  await analysed(fixedByCli);
  ok('Fix all gives the text of zhen check --fix');

  // 4. The glossary card: hover a term of the glossary.
  const term = '大语言模型';
  const at = fixedByCli.indexOf(term) + 1;
  const pos = await page.evaluate((o) => window.zhen.scrollTo(o), at);
  await page.mouse.move(pos.x + 2, pos.y);
  const card = page.locator('.cm-tooltip-hover .zhen-card');
  await card.waitFor({ timeout: 10_000 });
  const cardText = await card.textContent();
  // the short card (issue #19): both languages and one line of definition
  check(/large language model/.test(cardText) && /language model with very many parameters/.test(cardText), `hovering "${term}" opens its glossary card: ${cardText.replace(/\s+/g, ' ').slice(0, 90)}…`);
  if (process.env.ZHEN_E2E_SHOTS) await page.screenshot({ path: join(process.env.ZHEN_E2E_SHOTS, 'playground.png') });
  await page.mouse.move(5, 5);

  // 5. The shared URL: reload it and see the same text and config.
  await page.locator('#config .cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nclaims:\n  ignore: [我们的测试]\n');
  s = await state();
  await page.waitForFunction((t) => window.zhen.text === t.text && window.zhen.config === t.config && location.hash.startsWith('#z=') && document.getElementById('share').dataset.ready === '1', { text: s.text, config: s.config }, { timeout: 10_000, polling: 100 });
  await page.waitForTimeout(600); // the link follows the last edit after 400 ms
  const shared = page.url();
  check(!shared.slice(0, shared.indexOf('#')).includes('z='), 'the text is only in the fragment (never sent anywhere)');
  const second = await context.newPage();
  second.on('pageerror', (err) => errors.push(err.message));
  await second.goto(shared);
  await second.waitForFunction(() => window.zhen && Array.isArray(window.zhen.findings), null, { timeout: 20_000 });
  const back = await second.evaluate(() => ({ text: window.zhen.text, config: window.zhen.config }));
  check(back.text === s.text && back.config === s.config, `the shared URL (${(shared.length / 1024).toFixed(1)} KiB) reloads the same text and .zhen.yml`);
  await second.close();

  // 6. The pickers edit the .zhen.yml; the language switch changes the page and the messages.
  await page.locator('#generator').selectOption('chirpy');
  await page.waitForFunction(() => /schema: chirpy/.test(window.zhen.config), null, { timeout: 10_000 });
  await page.locator('#style').selectOption('corner');
  await page.waitForFunction(() => /quotes: corner/.test(window.zhen.config) && Array.isArray(window.zhen.findings), null, { timeout: 10_000 });
  s = await state();
  const withPicks = JSON.parse(cli(['--format', 'json'], s.text, s.config)).files[0].findings;
  check(s.findings.length === withPicks.length, `generator and house style written into .zhen.yml (frontMatter.schema: chirpy, typography.quotes: corner): ${s.findings.length} findings, as zhen check with it`);
  await page.locator('#lang').selectOption('zh-cn');
  await page.waitForFunction(() => document.getElementById('fixall').textContent.startsWith('全部修复') && window.zhen.findings && window.zhen.findings.every((f) => /[\u4e00-\u9fff]/.test(f.message)), null, { timeout: 10_000 });
  ok('简体中文: the page and the messages switch language');
  await page.locator('#lang').selectOption('en');

  // 7. Bad input. A 10 MB paste is refused whole, with a message; the page keeps answering.
  const before = (await state()).text;
  const huge = '据统计，90% 的开发者使用AI。\n'.repeat(10_000_000 / 40);
  await paste('#post', huge);
  await page.waitForFunction(() => /takes up to/.test(document.getElementById('notice').textContent), null, { timeout: 10_000 });
  const ms1 = await responsive();
  s = await state();
  check(s.text === before, `10 MB paste: "${(await notice()).slice(0, 80)}…"; the text is unchanged; the page answers in ${ms1} ms`);

  // Binary junk: told it is not text, nothing analysed, the page answers.
  let junk = '';
  for (let i = 0; i < 4096; i++) junk += String.fromCharCode((i * 131 + 7) % 256);
  await replaceAll('#post', junk);
  await page.waitForFunction(() => /does not look like text/.test(document.getElementById('notice').textContent), null, { timeout: 10_000 });
  check((await page.locator('#findings li.finding').count()) === 0 && (await responsive()) < 2000, `binary junk: "${(await notice()).slice(0, 70)}…"; no findings; the page answers`);

  // Over the analysis limit (two pastes under it): not analysed, said so.
  const half = example.repeat(Math.ceil(600_000 / example.length));
  await replaceAll('#post', half);
  await paste('#post', half);
  await page.waitForFunction(() => /checks up to/.test(document.getElementById('notice').textContent), null, { timeout: 20_000 });
  check((await responsive()) < 2000, `${((2 * half.length) / 1e6).toFixed(1)} M characters: "${(await notice()).slice(0, 70)}…"; the page answers`);

  // Just under the limit: the analysis runs in the worker; the page answers meanwhile and Stop ends it.
  const big = example.repeat(Math.floor(990_000 / example.length));
  await replaceAll('#post', big);
  await page.locator('#stop').waitFor({ state: 'visible', timeout: 10_000 });
  const ms2 = await responsive();
  await page.locator('#stop').click();
  await page.waitForFunction(() => /Stopped/.test(document.getElementById('notice').textContent), null, { timeout: 10_000 });
  check(ms2 < 1000, `a ${(big.length / 1e6).toFixed(2)} M-character analysis runs in the worker (the page answered in ${ms2} ms) and Stop ends it: "${await notice()}"`);

  // Back to the example; then a broken .zhen.yml: its problems with their places, the post still checked.
  await replaceAll('#post', example);
  await analysed(example, 30_000);
  await replaceAll('#config', 'rules:\n  typo/cjk-latin-spacing: [\nsources: 3\n');
  await page.waitForFunction(() => /problem/.test(document.getElementById('config-problems').textContent) && Array.isArray(window.zhen.findings), null, { timeout: 10_000 });
  const problems = await page.locator('#config-problems').textContent();
  s = await state();
  check(/has \d+ problem\(s\); the valid rest is used/.test(problems) && /\d+:\d+ /.test(problems) && s.findings.length > 0 && (await page.locator('#config .cm-zhen-error').count()) > 0,
    `broken .zhen.yml: "${problems.replace(/\s+/g, ' ').slice(0, 110)}…", marked in the editor; the post is still checked (${s.findings.length} findings)`);
  await page.locator('#generator').selectOption('hugo');
  await page.waitForFunction(() => /Fix the .zhen.yml first/.test(document.getElementById('notice').textContent), null, { timeout: 10_000 });
  ok(`a picker on a broken .zhen.yml says so: "${(await notice()).slice(0, 70)}…"`);

  // A damaged link: a message, and the example instead.
  await page.goto(`${url}#z=AAAA-not-deflate`);
  await page.waitForFunction(() => /damaged/.test(document.getElementById('notice').textContent), null, { timeout: 10_000 });
  ok(`a damaged link: "${(await notice()).slice(0, 60)}…"`);

  // 8. No network: only the page's own files were ever requested (the worker comes from a Blob URL).
  check(errors.length === 0, `no page errors${errors.length ? `: ${errors.slice(0, 3).join(' | ')}` : ''}`);
  const foreign = requests.filter((u) => !/^(file|blob|data):/.test(u));
  check(foreign.length === 0 && requests.length > 0, `${requests.length} requests, all ${[...new Set(requests.map((u) => u.split(':')[0] + ':'))].join(', ')} (the page's own files); none to the network${foreign.length ? `: ${foreign.join(', ')}` : ''}`);
  // and its Content-Security-Policy forbids any, in the page and in the checker's worker: a fetch
  // is refused before a request is made.
  const worker = page.workers().at(-1);
  const probes = [
    await page.evaluate(() => fetch('https://example.invalid/page').then(() => 'fetched', (err) => `blocked (${err.message})`)),
    worker ? await worker.evaluate(() => fetch('https://example.invalid/worker').then(() => 'fetched', (err) => `blocked (${err.message})`)) : 'no worker',
  ];
  check(probes.every((p) => p.startsWith('blocked')) && !requests.some((u) => u.includes('example.invalid')), `the Content-Security-Policy blocks a fetch from the page and from the worker: ${probes.join(', ')}`);
} catch (err) {
  fail(`${err.stack ?? err}`);
  if (process.env.ZHEN_E2E_SHOTS) await page.screenshot({ path: join(process.env.ZHEN_E2E_SHOTS, 'playground-failure.png') }).catch(() => undefined);
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
