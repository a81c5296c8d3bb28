/**
 * The CLI in CI and on a developer's machine (issue #22), through the CLI's main in this process (helpers/cli.ts runCli; cli.test.ts runs the built binary):
 * --format github (checked line by line against the workflow-command syntax), rdjson, junit,
 * SARIF with rule help and fixes, --since on a scratch git repository, --max-warnings, globs with
 * braces, unknown rule ids, an empty folder, what --fix says, the stylish source lines and
 * summary, --lang zh-cn, init, explain, check --help, and the cache kept by default in a git work tree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkflowCommand, annotationProblems } from './helpers/workflowCommand.mjs';
import { runCli, tempDir as tempDirIn, type JsonOut } from './helpers/cli';
import { escapeGithubData, escapeGithubProperty, toGithub } from '../server/src/cli/format';
import { loadConfigText, resolveConfig } from '../server/src/core/index';
import { SCHEMA_URL } from '../server/src/cli/init';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sax = require('sax') as { parser(strict: boolean): { onerror: (e: Error) => void; write(s: string): { close(): void } } };

const repo = join(__dirname, '..', '..');
const example = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');

/** `zhen ARGS` in this process (the CLI's main; see helpers/cli.ts), with the user cache folder inside the workspace. */
function zhen(args: string[], opts: { cwd: string; input?: string; env?: Record<string, string> }) {
  return runCli(args, { cwd: opts.cwd, input: opts.input, env: { ZHEN_CACHE_DIR: join(opts.cwd, '.test-cache'), ...opts.env } });
}

const tempDir = (files: Record<string, string>) => tempDirIn(files, 'zhen-ship-');

function git(cwd: string, ...args: string[]) {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// ---- --format github ------------------------------------------------------------------------------

test('--format github: every line is a workflow command GitHub reads back to the same file, place, rule and message', async () => {
  // A file name with the characters a property must escape (`,` `:` `%`), and a post whose messages quote `%`.
  const name = 'posts/a,b:c%25 d.md';
  const dir = tempDir({ '.zhen.yml': 'language: en\n', [name]: example + '\n据报告显示，大约 80% 的团队用AI写代码。\n' });
  const json = JSON.parse((await zhen(['check', '--format', 'json', '.'], { cwd: dir })).stdout) as JsonOut;
  const r = (await zhen(['check', '--format', 'github', '.'], { cwd: dir }));
  assert.equal(r.code, 0);
  const lines = r.stdout.split('\n').filter(Boolean);
  const findings = json.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));
  assert.equal(lines.length, findings.length);
  assert.ok(findings.some((f) => f.message.includes('%')), 'a message with % is among them');
  const commands = new Set(['error', 'warning', 'notice']);
  lines.forEach((line, k) => {
    assert.deepEqual(annotationProblems(line), [], line);
    const cmd = parseWorkflowCommand(line, commands)!;
    assert.ok(cmd, line);
    const f = findings[k];
    assert.equal(cmd.command, { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' }[f.severity]);
    assert.equal(cmd.properties.file, f.path);
    assert.equal(cmd.properties.file, name);
    assert.equal(Number(cmd.properties.line), f.line);
    assert.equal(Number(cmd.properties.endLine), f.endLine);
    if (f.line === f.endLine) assert.deepEqual([Number(cmd.properties.col), Number(cmd.properties.endColumn)], [f.column, f.endColumn]);
    else assert.equal(cmd.properties.col, undefined);
    assert.equal(cmd.properties.title, `zhen ${f.rule}`);
    assert.equal(cmd.data, f.message);
  });
});

test('--format github escaping: % CR LF in messages, and : , also in properties, round-trip through the runner', async () => {
  const nasty = 'a%b\r\nc::d,e:f %0A %25 %3A';
  assert.equal(escapeGithubData(nasty), 'a%25b%0D%0Ac::d,e:f %250A %2525 %253A');
  assert.equal(escapeGithubProperty(nasty), 'a%25b%0D%0Ac%3A%3Ad%2Ce%3Af %250A %2525 %253A');
  const out = toGithub([{ path: 'x,y:%z.md', text: 'one\ntwo\nthree\n', findings: [
    { ruleId: 'typo/x', severity: 'error', message: nasty, span: { start: 0, end: 3 } },
    { ruleId: 'claim/y', severity: 'hint', message: 'over\nlines', span: { start: 2, end: 9 } },
  ] }]);
  const lines = out.split('\n').filter(Boolean);
  assert.equal(lines.length, 2);
  for (const line of lines) assert.deepEqual(annotationProblems(line), [], line);
  const [a, b] = lines.map((l) => parseWorkflowCommand(l, new Set(['error', 'warning', 'notice']))!);
  assert.deepEqual(a, { command: 'error', properties: { file: 'x,y:%z.md', line: '1', endLine: '1', col: '1', endColumn: '4', title: 'zhen typo/x' }, data: nasty });
  assert.deepEqual(b, { command: 'notice', properties: { file: 'x,y:%z.md', line: '1', endLine: '3', title: 'zhen claim/y' }, data: 'over\nlines' });
});

// ---- rdjson, junit, sarif ----------------------------------------------------------------------------

test('--format rdjson: reviewdog diagnostics with UTF-8 byte columns, rule codes and the preferred fix as suggestions', async () => {
  const dir = tempDir({ 'p.md': '---\ntitle: t\n---\n\n😀用AI写代码，用Github的API。\n' });
  const json = JSON.parse((await zhen(['check', '--format', 'json', 'p.md'], { cwd: dir })).stdout) as JsonOut;
  const rd = JSON.parse((await zhen(['check', '--format', 'rdjson', 'p.md'], { cwd: dir })).stdout) as {
    source: { name: string };
    diagnostics: Array<{ message: string; severity: string; code: { value: string; url: string }; location: { path: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }; suggestions?: Array<{ range: { start: { line: number; column: number }; end: { line: number; column: number } }; text: string }> }>;
  };
  assert.equal(rd.source.name, 'zhen');
  const text = readFileSync(join(dir, 'p.md'), 'utf8');
  const lines = text.split('\n');
  const findings = json.files[0].findings;
  assert.equal(rd.diagnostics.length, findings.length);
  rd.diagnostics.forEach((d, k) => {
    const f = findings[k];
    assert.equal(d.code.value, f.rule);
    assert.match(d.code.url, /^https:\/\/github\.com\/zhen-lint\/zhen\/blob\/main\/server\/src\/core\/rules\/.+\.ts$/);
    assert.equal(d.severity, f.severity === 'error' ? 'ERROR' : f.severity === 'warning' ? 'WARNING' : 'INFO');
    assert.equal(d.location.path, 'p.md');
    // The same characters: UTF-16 columns of the JSON output, UTF-8 byte columns here.
    const utf16 = lines[f.line - 1].slice(0, f.column - 1);
    assert.equal(d.location.range.start.column, Buffer.byteLength(utf16) + 1);
    const fix = f.fixes[0];
    if (d.suggestions) {
      assert.equal(d.suggestions[0].text, fix.edits[0].newText);
      assert.equal(d.suggestions[0].range.start.column, Buffer.byteLength(lines[fix.edits[0].line - 1].slice(0, fix.edits[0].column - 1)) + 1);
    }
  });
  assert.ok(rd.diagnostics.some((d) => d.suggestions?.length), 'a suggestion');
  assert.ok(rd.diagnostics.some((d) => d.location.range.start.column > Buffer.byteLength('😀用')), 'columns after an emoji and a Chinese character');
});

test('--format junit: well-formed XML, a test case per file, a failure per finding', async () => {
  const dir = tempDir({ 'a.md': '# A\n\n用AI写<代码> & "测试"。\n', 'b.md': '# B\n\n好的。\n' });
  const json = JSON.parse((await zhen(['check', '--format', 'json', '.'], { cwd: dir })).stdout) as JsonOut;
  const xml = (await zhen(['check', '--format', 'junit', '.'], { cwd: dir })).stdout;
  const errors: Error[] = [];
  const p = sax.parser(true);
  p.onerror = (e) => {
    errors.push(e);
  };
  p.write(xml).close();
  assert.deepEqual(errors, []);
  assert.equal([...xml.matchAll(/<testcase /g)].length, 2);
  const total = json.files.reduce((n, f) => n + f.findings.length, 0);
  assert.ok(total > 0);
  assert.equal([...xml.matchAll(/<failure /g)].length, total);
  assert.match(xml, new RegExp(`<testsuites name="zhen" tests="2" failures="${total}"`));
});

test('--format sarif: rule help and help URIs, default levels, and the fixes as artifact changes', async () => {
  const dir = tempDir({ 'p.md': '---\ntitle: t\n---\n\n用AI写代码。\n' });
  const sarif = JSON.parse((await zhen(['check', '--format', 'sarif', 'p.md'], { cwd: dir })).stdout);
  const run = sarif.runs[0];
  const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'typo/cjk-latin-spacing');
  assert.match(rule.help.text, /Bad:/);
  assert.match(rule.help.markdown, /\*\*typo\/cjk-latin-spacing\*\*/);
  assert.equal(rule.helpUri, 'https://github.com/zhen-lint/zhen/blob/main/server/src/core/rules/typo/cjk-latin-spacing.ts');
  assert.ok(existsSync(join(repo, 'server', 'src', 'core', 'rules', 'typo', 'cjk-latin-spacing.ts')), 'the help URI names a file that exists');
  for (const r of run.tool.driver.rules) assert.ok(existsSync(join(repo, 'server', 'src', 'core', 'rules', `${r.id}.ts`)) || !r.id.includes('/'), r.id);
  assert.equal(rule.defaultConfiguration.level, 'note', 'typesetting is information by default (#19)');
  assert.equal(run.columnKind, 'utf16CodeUnits');
  const res = run.results.find((r: { ruleId: string }) => r.ruleId === 'typo/cjk-latin-spacing');
  assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'typo/cjk-latin-spacing');
  const change = res.fixes[0].artifactChanges[0];
  assert.equal(change.artifactLocation.uri, 'p.md');
  // The same edit as --format json's first fix of that finding.
  const json = (JSON.parse((await zhen(['check', '--format', 'json', 'p.md'], { cwd: dir })).stdout) as JsonOut).files[0].findings.find((f) => f.rule === 'typo/cjk-latin-spacing')!;
  const edit = json.fixes[0].edits[0];
  const rep = change.replacements[0];
  assert.equal(rep.insertedContent.text, edit.newText);
  assert.deepEqual(rep.deletedRegion, { startLine: edit.line, startColumn: edit.column, endLine: edit.endLine, endColumn: edit.endColumn });
  assert.equal(res.fixes[0].description.text, json.fixes[0].title);
});

// ---- --since -----------------------------------------------------------------------------------------

test('--since REF on a scratch git repository: exactly the findings on changed lines (committed, uncommitted, untracked)', async () => {
  const post = (n: number) => `---\ntitle: 第${n}篇\n---\n\n第一行用AI写代码。\n\n第二行用Github的API。\n\n第三行说明。\n`;
  const dir = tempDir({ '.zhen.yml': 'language: en\n', 'a.md': post(1), 'b.md': post(2), 'c.md': post(3) });
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'one');
  // Commit two: line 9 of a.md gets a problem; b.md is untouched. Then, uncommitted: line 7 of c.md
  // changes, and d.md is new (untracked).
  writeFileSync(join(dir, 'a.md'), post(1).replace('第三行说明。', '第三行用CPU跑。'));
  git(dir, 'commit', '-q', '-am', 'two');
  writeFileSync(join(dir, 'c.md'), post(3).replace('第二行用Github的API。', '第二行用Github的SDK。'));
  writeFileSync(join(dir, 'd.md'), post(4));
  const all = JSON.parse((await zhen(['check', '--format', 'json', '--no-cache', '.'], { cwd: dir })).stdout) as JsonOut;
  const since = JSON.parse((await zhen(['check', '--format', 'json', '--since', 'HEAD~1', '.'], { cwd: dir })).stdout) as JsonOut;
  const changed: Record<string, (line: number) => boolean> = { 'a.md': (l) => l === 9, 'b.md': () => false, 'c.md': (l) => l === 7, 'd.md': () => true };
  const expected = all.files
    .map((f) => ({ path: f.path, findings: f.findings.filter((x) => changed[f.path](x.line)) }))
    .filter((f) => f.findings.length);
  assert.ok(expected.find((f) => f.path === 'a.md')?.findings.length, 'a finding on the committed change');
  assert.ok(expected.find((f) => f.path === 'c.md')?.findings.length, 'a finding on the uncommitted change');
  assert.ok(all.files.find((f) => f.path === 'b.md')!.findings.length, 'b.md has findings, on unchanged lines');
  assert.deepEqual(since.files.filter((f) => f.findings.length), expected);
  // Since HEAD: only the uncommitted and untracked changes.
  const head = JSON.parse((await zhen(['check', '--format', 'json', '--since', 'HEAD', '.'], { cwd: dir })).stdout) as JsonOut;
  assert.deepEqual(head.files.filter((f) => f.findings.length).map((f) => f.path), ['c.md', 'd.md']);
  // Stylish says when nothing changed; a bad ref is a usage error.
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'three');
  assert.match((await zhen(['check', '--since', 'HEAD', '.'], { cwd: dir })).stdout, /No Markdown lines changed since HEAD/);
  const bad = (await zhen(['check', '--since', 'no-such-ref', '.'], { cwd: dir }));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--since no-such-ref/);
  assert.equal((await zhen(['check', '--since', 'HEAD', '.'], { cwd: tempDir({ 'x.md': '# x\n' }) })).code, 2, 'not a git repository');
});

// ---- exit codes, targets, config -------------------------------------------------------------------

test('--max-warnings N: exit 1 when there are more warnings than N', async () => {
  // (`typo/house-style: off`: each place its own finding; else the post's few unspaced words are one problem of its typesetting)
  const dir = tempDir({ '.zhen.yml': 'rules:\n  typo/cjk-latin-spacing: warning\n  typo/house-style: off\n', 'p.md': '---\ntitle: t\n---\n\n用AI写代码，用CPU跑。\n' });
  const warnings = (JSON.parse((await zhen(['check', '--format', 'json', 'p.md'], { cwd: dir })).stdout) as JsonOut).files[0].findings.filter((f) => f.severity === 'warning').length;
  assert.ok(warnings >= 2, `${warnings} warnings`);
  assert.equal((await zhen(['check', 'p.md'], { cwd: dir })).code, 0);
  assert.equal((await zhen(['check', '--max-warnings', String(warnings), 'p.md'], { cwd: dir })).code, 0);
  const over = (await zhen(['check', '--max-warnings', String(warnings - 1), 'p.md'], { cwd: dir }));
  assert.equal(over.code, 1);
  assert.match(over.stderr, /more than --max-warnings/);
  assert.equal((await zhen(['check', '--max-warnings', '-1', 'p.md'], { cwd: dir })).code, 2);
});

test('globs go through picomatch: braces, character classes, ** (quoted, as a shell would pass them)', async () => {
  const dir = tempDir({ 'content/posts/a.md': '# a\n', 'content/drafts/b.md': '# b\n', 'content/pages/c.md': '# c\n', 'content/posts/2024/d.markdown': '# d\n' });
  const paths = async (glob: string) => (JSON.parse((await zhen(['check', '--format', 'json', glob], { cwd: dir })).stdout) as JsonOut).files.map((f) => f.path).sort();
  assert.deepEqual(await paths('content/{posts,drafts}/**/*.{md,markdown}'), ['content/drafts/b.md', 'content/posts/2024/d.markdown', 'content/posts/a.md']);
  assert.deepEqual(await paths('content/[pd]*/*.md'), ['content/drafts/b.md', 'content/pages/c.md', 'content/posts/a.md']);
  assert.deepEqual(await paths('./content/posts/*.md'), ['content/posts/a.md']);
  assert.equal((await zhen(['check', 'content/{nothing,none}/*.md'], { cwd: dir })).code, 2, 'a glob that matches nothing is a usage error');
});

test('a folder with no Markdown files says so', async () => {
  const dir = tempDir({ 'docs/readme.txt': 'text\n' });
  const r = (await zhen(['check', 'docs'], { cwd: dir }));
  assert.equal(r.code, 0);
  assert.match(r.stderr, /no Markdown files \(\.md, \.markdown\) in docs/);
  assert.equal(r.stdout, 'No Markdown files to check.\n');
  const zh = (await zhen(['check', '--lang', 'zh-cn', 'docs'], { cwd: dir }));
  assert.match(zh.stderr, /没有 Markdown 文件/);
});

test('an unknown rule id in .zhen.yml is reported with the rule meant; the check goes on', async () => {
  const dir = tempDir({ '.zhen.yml': 'rules:\n  typo/cjk-latin-spaceing: off\n  typo: warning\n  claim/*: info\n', 'p.md': '# p\n\n用AI写代码。\n' });
  const r = (await zhen(['check', 'p.md'], { cwd: dir }));
  assert.equal(r.code, 0);
  assert.match(r.stderr, /\.zhen\.yml:2:3: warning: Unknown rule "typo\/cjk-latin-spaceing": did you mean "typo\/cjk-latin-spacing"\?/);
  assert.match(r.stdout, /typo\/cjk-latin-spacing/, 'the misspelt setting does nothing, so the rule still reports');
  const loaded = loadConfigText('rules:\n  typo/cjk-latin-spaceing: off\n  typo: warning\n  claim/*: info\n  "*": hint\n  nonsense: off\n');
  assert.deepEqual(loaded.problems.map((p) => [p.severity, p.message]), [
    ['warning', 'Unknown rule "typo/cjk-latin-spaceing": did you mean "typo/cjk-latin-spacing"?'],
    ['warning', 'Unknown rule "nonsense" (zhen rules lists them).'],
  ]);
});

test('--fix says what it fixed: per file and in total, by rule', async () => {
  const dir = tempDir({ 'a.md': '# a\n\n用AI写代码，用CPU跑。\n', 'b.md': '# b\n\n用GPU训练。\n', 'c.md': '# c\n\n好的。\n' });
  const before = JSON.parse((await zhen(['check', '--format', 'json', '.'], { cwd: dir })).stdout) as JsonOut;
  const n = (path: string) => before.files.find((f) => f.path === path)!.findings.filter((f) => f.rule === 'typo/cjk-latin-spacing').length;
  const [a, b] = [n('a.md'), n('b.md')];
  assert.ok(a >= 2 && b >= 1);
  const r = (await zhen(['check', '--fix', '.'], { cwd: dir }));
  assert.match(r.stderr, new RegExp(`^zhen: fixed a\\.md: ${a} problems \\(typo/cjk-latin-spacing ${a}\\)$`, 'm'));
  assert.match(r.stderr, new RegExp(`^zhen: fixed b\\.md: ${b} problems? \\(typo/cjk-latin-spacing ${b}\\)$`, 'm'));
  assert.match(r.stderr, new RegExp(`^zhen: fixed ${a + b} problems in 2 files: typo/cjk-latin-spacing ${a + b}$`, 'm'));
  assert.doesNotMatch(r.stderr, /c\.md/);
  assert.equal(readFileSync(join(dir, 'a.md'), 'utf8'), '# a\n\n用 AI 写代码，用 CPU 跑。\n');
  assert.match((await zhen(['check', '--fix', '.'], { cwd: dir })).stderr, /nothing to fix/);
});

// ---- stylish ------------------------------------------------------------------------------------------

test('stylish: the source line with a caret under the finding (wide characters count two columns), and a per-rule summary', async () => {
  const dir = tempDir({ 'p.md': '# p\n\n中文中文用AI写代码，\tx 用CPU跑。\n' });
  const out = (await zhen(['check', 'p.md'], { cwd: dir })).stdout;
  const lines = out.split('\n');
  const at = lines.findIndex((l) => /^\s+3:\d+\s+info\s+.*typo\/cjk-latin-spacing/.test(l));
  assert.ok(at >= 0, out);
  const [src, caret] = [lines[at + 1], lines[at + 2]];
  assert.equal(src, '  │ 中文中文用AI写代码， x 用CPU跑。', 'a tab shows as a space');
  // The caret sits under the finding's characters: column = width of what comes before.
  const f = (JSON.parse((await zhen(['check', '--format', 'json', 'p.md'], { cwd: dir })).stdout) as JsonOut).files[0].findings[0];
  const before = '中文中文用AI写代码， x 用CPU跑。'.slice(0, f.column - 1);
  const width = [...before].reduce((w, ch) => w + (/[\u4e00-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  assert.equal(caret.indexOf('^') - '  │ '.length, width);
  const n = (JSON.parse((await zhen(['check', '--format', 'json', 'p.md'], { cwd: dir })).stdout) as JsonOut).files[0].findings.length;
  assert.match(out, new RegExp(`^By rule:\\n {2}typo/cjk-latin-spacing {2}${n} {2}\\(info, ${n} fixable\\)$`, 'm'));
  assert.match(out, new RegExp(`${n} problems in 1 file \\(0 errors, 0 warnings, ${n} info, 0 hints\\); ${n} fixable with --fix\\.\\n$`));
});

test('stylish: a long line is shown as a window around the finding', async () => {
  const long = '这是一段很长的中文。'.repeat(40);
  const dir = tempDir({ 'p.md': `# p\n\n${long}用AI写代码。${long}\n` });
  const lines = (await zhen(['check', 'p.md'], { cwd: dir })).stdout.split('\n');
  const src = lines.find((l) => l.startsWith('  │ ') && l.includes('AI'))!;
  assert.ok(src.startsWith('  │ …') && src.endsWith('…'), src);
  assert.ok([...src].length < 60, `${[...src].length} characters`);
});

test('--lang zh-cn: every word of the stylish output is Chinese, severities too', async () => {
  const dir = tempDir({ 'p.md': '---\ntitle: t\n---\n\n用AI写代码。据 Demandsage 报告显示，80% 的用户喜欢它。\n' });
  const out = (await zhen(['check', '--lang', 'zh-cn', 'p.md'], { cwd: dir })).stdout;
  assert.match(out, /警告/);
  assert.match(out, /按规则：/);
  assert.match(out, /个问题/);
  // Nothing English but rule ids, file names, the quoted post text and --fix.
  const words = out.replace(/[a-z-]+\/[a-z-]+/g, '').replace(/p\.md|--fix|Demandsage|AI/g, '').match(/[A-Za-z]{2,}/g);
  assert.equal(words, null, `English words: ${words}`);
  assert.doesNotMatch(out, /\b(warning|error|info|hint)\b/);
});

// ---- init, explain, help -------------------------------------------------------------------------------

test('zhen init: a .zhen.yml for a Chirpy blog that writes no spaces between Chinese and English; never over an existing one', async () => {
  const files: Record<string, string> = { '_config.yml': 'theme: jekyll-theme-chirpy\ntimezone: Asia/Shanghai\n' };
  for (let i = 0; i < 12; i++) files[`_posts/2024-01-${String(i + 1).padStart(2, '0')}-p.md`] = `---\ntitle: t\n---\n\n我们用TCP连接和HTTP协议，在Linux上跑Nginx服务，“中文”引号，2024年的第${i}篇，有3个版本，跑了5天。\n`;
  const dir = tempDir(files);
  const r = (await zhen(['init', '--lang', 'en'], { cwd: dir }));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /wrote \.zhen\.yml \(chirpy; house style from 12 posts\)/);
  const text = readFileSync(join(dir, '.zhen.yml'), 'utf8');
  assert.match(text, /^# yaml-language-server: \$schema=https:\/\/raw\.githubusercontent\.com\/zhen-lint\/zhen\/main\/schemas\/zhen\.schema\.json\n/);
  assert.match(text, /schema: chirpy {3}# detected from _config\.yml/);
  assert.match(text, /typo\/cjk-latin-spacing: off {3}# the blog writes Chinese and English without a space: 100 % of \d+ places/);
  assert.match(text, /spaceBetweenCjkAndDigits: false/);
  const loaded = loadConfigText(text);
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.config.frontMatter, { schema: 'chirpy' });
  // The blog checked with it: no spacing findings.
  const out = JSON.parse((await zhen(['check', '--format', 'json', '.'], { cwd: dir })).stdout) as JsonOut;
  assert.ok(!out.files.some((f) => f.findings.some((x) => x.rule === 'typo/cjk-latin-spacing')));
  const again = (await zhen(['init'], { cwd: dir }));
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists already/);
  assert.equal((await zhen(['init', '--force'], { cwd: dir })).code, 0);
  assert.equal((await zhen(['init', '--stdout'], { cwd: dir })).stdout, readFileSync(join(dir, '.zhen.yml'), 'utf8'));
});

test('zhen init --typography auto: typography: auto instead of fixed choices, offered as a comment by default; a bad value is a usage error', async () => {
  const files: Record<string, string> = { '_config.yml': 'theme: jekyll-theme-chirpy\ntimezone: Asia/Shanghai\n' };
  for (let i = 0; i < 12; i++) files[`_posts/2024-01-${String(i + 1).padStart(2, '0')}-p.md`] = `---\ntitle: t\n---\n\n我们用TCP连接和HTTP协议，在Linux上跑Nginx服务，用Docker部署Redis和MySQL，第${i}篇。\n`;
  const dir = tempDir(files);
  const measured = (await zhen(['init', '--lang', 'en', '--stdout'], { cwd: dir })).stdout;
  assert.match(measured, /^# typography: auto {3}# instead: every choice follows the blog's own majority/m);
  assert.match(measured, /typo\/cjk-latin-spacing: off/);
  const r = await zhen(['init', '--lang', 'en', '--typography', 'auto'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, '.zhen.yml'), 'utf8');
  assert.match(text, /^typography: auto$/m);
  assert.match(text, /0 % of the places between Chinese and English have a space/);
  assert.doesNotMatch(text, /cjk-latin-spacing: off|spaceBetweenCjkAndDigits/);
  const loaded = loadConfigText(text);
  assert.deepEqual(loaded.problems, []);
  assert.equal(resolveConfig(loaded.config).typography.spaceBetweenCjkAndLatin, 'auto');
  // The blog checked with it: its own majority (no space) is the style, so no post departs from it (without the
  // file, each post would get a typo/house-style finding and its places as hints).
  const out = JSON.parse((await zhen(['check', '--format', 'json', '.'], { cwd: dir })).stdout) as JsonOut;
  assert.equal(out.files.length, 12);
  assert.ok(!out.files.some((f) => f.findings.some((x) => x.rule.startsWith('typo/'))), JSON.stringify(out.files[0].findings));
  const bad = await zhen(['init', '--typography', 'majority', '--stdout'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--typography takes measured or auto/);
});

test('zhen init on a folder with no site and no posts: defaults, a valid file', async () => {
  const dir = tempDir({ 'notes.txt': 'x\n' });
  assert.equal((await zhen(['init', '--lang', 'zh-cn'], { cwd: dir })).code, 0);
  const text = readFileSync(join(dir, '.zhen.yml'), 'utf8');
  assert.match(text, /^language: zh-cn$/m);
  assert.doesNotMatch(text, /frontMatter/);
  assert.deepEqual(loadConfigText(text).problems, []);
});

test('zhen explain RULE: the rule header (bad, good), default severity; a family; an unknown id with the rule meant', async () => {
  const dir = tempDir({});
  const r = (await zhen(['explain', 'typo/cjk-latin-spacing'], { cwd: dir }));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^typo\/cjk-latin-spacing — /);
  assert.match(r.stdout, /Default severity: info/);
  assert.match(r.stdout, /Bad:/);
  assert.match(r.stdout, /Good:/);
  assert.match(r.stdout, /zhen-disable-next-line typo\/cjk-latin-spacing/);
  const json = JSON.parse((await zhen(['explain', '--format', 'json', 'claim/unlinked'], { cwd: dir })).stdout);
  assert.equal(json.id, 'claim/unlinked');
  assert.ok(json.bad && json.good);
  assert.match((await zhen(['explain', 'typo'], { cwd: dir })).stdout, /typo\/cjk-latin-spacing/);
  const bad = (await zhen(['explain', 'typo/cjk-latin-spaceing'], { cwd: dir }));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /did you mean "typo\/cjk-latin-spacing"/);
});

test('check --help lists every option check takes; zhen help check too', async () => {
  const dir = tempDir({});
  const r = (await zhen(['check', '--help'], { cwd: dir }));
  assert.equal(r.code, 0);
  for (const flag of ['--format', '--fix', '--config', '--stdin', '--stdin-filename', '--lang', '--no-color', '--cache', '--no-cache', '--cache-location', '--since', '--max-warnings', '--shard', '--jobs', '--max-file-size']) assert.match(r.stdout, new RegExp(`^ {2}${flag}\\b`, 'm'), flag);
  for (const f of ['stylish', 'json', 'sarif', 'github', 'rdjson', 'junit']) assert.match(r.stdout, new RegExp(`\\b${f}\\b`));
  assert.equal((await zhen(['help', 'check'], { cwd: dir })).stdout, r.stdout);
  assert.match((await zhen(['--help'], { cwd: dir })).stdout, /zhen init/);
});

// ---- the cache, on by default in a git work tree --------------------------------------------------------

test('in a git work tree the workspace index is kept without asking: unchanged posts are not read again, changed ones are', async () => {
  const files: Record<string, string> = { '.zhen.yml': 'language: en\n' };
  for (let i = 0; i < 30; i++) files[`p${i}.md`] = `---\ntitle: 第${i}篇\n---\n\n${i === 1 ? '大型语言模型' : i === 0 ? '大语言模型' : '这个'}很流行。\n`;
  const dir = tempDir(files);
  git(dir, 'init', '-q');
  const cacheDir = join(dir, '.test-cache');
  const first = (await zhen(['check', '--format', 'json', 'p0.md'], { cwd: dir }));
  const [cacheFile] = readdirSync(cacheDir);
  assert.ok(cacheFile?.endsWith('.json'), 'a cache file in the user cache folder');
  assert.ok(!existsSync(join(dir, '.zhencache')), 'nothing written into the blog');
  const cache = JSON.parse(readFileSync(join(cacheDir, cacheFile), 'utf8'));
  assert.equal(Object.keys(cache.posts).length, 30);
  assert.equal((await zhen(['check', '--format', 'json', 'p0.md'], { cwd: dir })).stdout, first.stdout);
  // A summary and content hash planted in the cache for p1.md (same size, times, inode) are used as
  // they are: p1.md was not read. After p1.md is touched, it is read again: its bytes do not have
  // the planted hash, so it is summarised afresh.
  const planted = JSON.parse(readFileSync(join(cacheDir, cacheFile), 'utf8'));
  planted.posts['p1.md'].summary = planted.posts['p0.md'].summary;
  planted.posts['p1.md'].summaryHash = 'planted';
  planted.posts['p1.md'].hash = 'planted';
  writeFileSync(join(cacheDir, cacheFile), JSON.stringify(planted));
  const mixed = (out: string) => (JSON.parse(out) as JsonOut).files[0].findings.filter((f) => f.rule === 'term/cross-post' || f.rule === 'term/variant').length;
  const withPlanted = (await zhen(['check', '--format', 'json', 'p0.md'], { cwd: dir })).stdout;
  const now = new Date();
  utimesSync(join(dir, 'p1.md'), now, new Date(now.getTime() + 5000));
  const afterTouch = (await zhen(['check', '--format', 'json', 'p0.md'], { cwd: dir })).stdout;
  assert.equal(afterTouch, first.stdout);
  assert.notEqual(withPlanted, first.stdout, `the planted summary was used (${mixed(withPlanted)} vs ${mixed(first.stdout)})`);
  // --no-cache reads everything and writes nothing.
  const before = readFileSync(join(cacheDir, cacheFile), 'utf8');
  assert.equal((await zhen(['check', '--format', 'json', '--no-cache', 'p0.md'], { cwd: dir })).stdout, first.stdout);
  assert.equal(readFileSync(join(cacheDir, cacheFile), 'utf8'), before);
  // Outside a git work tree, no cache unless asked for.
  const plain = tempDir({ 'a.md': '# a\n' });
  await zhen(['check', 'a.md'], { cwd: plain });
  assert.ok(!existsSync(join(plain, '.test-cache')));
});

test('the schema of .zhen.yml at a stable URL: its $id is the repository file that zhen init names; the extension contributes it for YAML', async () => {
  const schema = JSON.parse(readFileSync(join(repo, 'schemas', 'zhen.schema.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const repoPath = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository.url)![1];
  assert.equal(schema.$id, `https://raw.githubusercontent.com/${repoPath}/main/schemas/zhen.schema.json`);
  assert.equal(schema.$id, SCHEMA_URL);
  const [v] = pkg.contributes.yamlValidation;
  assert.deepEqual(v.fileMatch, ['.zhen.yml', '.zhen.yaml']);
  assert.ok(existsSync(join(repo, v.url)));
  const shipped = (JSON.parse(readFileSync(join(repo, 'scripts', 'vsix-files.json'), 'utf8')) as { files: string[] }).files;
  assert.ok(shipped.includes('schemas/*.json'), 'the .vsix ships the schema');
  assert.deepEqual(pkg.files, ['dist/cli.js', 'schemas/zhen.schema.json'], 'so does the npm package');
});
