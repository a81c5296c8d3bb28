/**
 * The fixture harness. A fixture is a Markdown post whose expectations sit in the post:
 *
 *   <!-- expect RULE [at "TEXT"[#N]] [fix "NEW"] [severity S] [line N] -->   (targets the nearest preceding
 *                                                                  line that is not blank or a comment)
 *   key: value   # expect RULE [at "TEXT"] [fix "NEW"]           (in front matter: this line;
 *                                                                  on a line of its own: the line before)
 *   <!-- options {"rule/id": {...}} -->      rule settings for this fixture
 *   <!-- config {...} -->                    any .zhen.yml config (ConfigInput)
 *   <!-- workspace {"path": "...", "now": "2024-06-01T00:00:00Z", "files": {"path": "text"}} -->
 *                                            (`"posts": {"path": "markdown"}` adds other posts to the
 *                                            workspace index, summarised as the host would;
 *                                            `"source": {"encoding": "UTF-8", "invalid": true, …}` the
 *                                            host's decoding facts: `invalid: true` makes every U+FFFD
 *                                            outside comments an invalid byte, `unwritten.at` is a text)
 *
 * `at` gives the exact span expected (the N-th occurrence on the line, from 1); without it,
 * any finding of that rule starting on the line matches. `fix` is what TEXT becomes when the
 * finding's first fix is applied. `severity` (error, warning, info, hint) is the finding's severity.
 */
import { readFileSync } from 'node:fs';
import { markdownFiles } from './files';
import { relative } from 'node:path';
import type { ConfigInput, Finding, SourceFacts, Workspace } from '../../server/src/core/index';
import { applyEdits, computeLineStarts, positionAt, summarize } from '../../server/src/core/index';

export interface Expectation {
  rule: string;
  line: number; // 0-based
  at?: string;
  nth: number;
  fix?: string;
  severity?: string;
  source: string;
}

export interface Fixture {
  file: string;
  name: string;
  text: string;
  config: ConfigInput;
  workspace: Workspace;
  expectations: Expectation[];
}

const EXPECT_RE = /expect\s+([a-z][\w-]*\/[\w-]+|internal)((?:\s+(?:at\s+"(?:[^"\\]|\\.)*"(?:#\d+)?|fix\s+"(?:[^"\\]|\\.)*"|severity\s+(?:error|warning|info|hint)|line\s+\d+))*)/g;

function unquote(s: string): string {
  return JSON.parse(s) as string;
}

function parseExpect(rule: string, rest: string, line: number, source: string): Expectation {
  const e: Expectation = { rule, line, nth: 1, source };
  const at = /at\s+("(?:[^"\\]|\\.)*")(?:#(\d+))?/.exec(rest);
  if (at) {
    e.at = unquote(at[1]);
    if (at[2]) e.nth = Number(at[2]);
  }
  const fix = /fix\s+("(?:[^"\\]|\\.)*")/.exec(rest);
  if (fix) e.fix = unquote(fix[1]);
  const sev = /severity\s+(error|warning|info|hint)/.exec(rest);
  if (sev) e.severity = sev[1];
  const ln = /line\s+(\d+)/.exec(rest);
  if (ln) e.line = Number(ln[1]) - 1;
  return e;
}

const ONLY_COMMENTS_RE = /^\s*(?:<!--[\s\S]*?-->\s*)*$/;

export function loadFixture(file: string, root: string): Fixture {
  const text = readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/);
  const fx: Fixture = { file, name: relative(root, file), text, config: {}, workspace: {}, expectations: [] };
  const directive = (name: string) => new RegExp(`<!--\\s*${name}\\s+([\\s\\S]*?)-->`, 'g');
  for (const m of text.matchAll(directive('options'))) fx.config.rules = { ...fx.config.rules, ...JSON.parse(m[1]) };
  for (const m of text.matchAll(directive('config'))) Object.assign(fx.config, JSON.parse(m[1]));
  for (const m of text.matchAll(directive('workspace'))) {
    const w = JSON.parse(m[1]) as { path?: string; now?: string; files?: Record<string, string>; posts?: Record<string, string>; source?: FixtureSource };
    if (w.path) fx.workspace.path = w.path;
    if (w.now) fx.workspace.now = Date.parse(w.now);
    if (w.files) {
      const files = w.files;
      fx.workspace.files = {
        exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(p.replace(/\/?$/, '/'))),
        read: (p) => files[p],
        list: (dir) => [...new Set(Object.keys(files).filter((f) => f.startsWith(dir)).map((f) => f.slice(dir.length).replace(/\/.*$/, '/')))].sort(),
      };
    }
    if (w.source) fx.workspace.source = sourceFacts(text, w.source);
    if (w.posts) {
      const posts = new Map(Object.entries(w.posts).map(([p, t]) => [p, summarize(t, p, fx.config, fx.workspace.files)]));
      fx.workspace.index = { posts, version: 1 };
    }
  }
  // Front matter: `# expect` comments.
  let fmEnd = -1;
  if (/^(---|\+\+\+)\s*$/.test(lines[0] ?? '')) {
    const fence = lines[0].trim();
    for (let i = 1; i < lines.length; i++) if (lines[i].trim() === fence) { fmEnd = i; break; }
  }
  for (let i = 1; i < fmEnd; i++) {
    const m = /(^|\s)#\s*(expect\s.*)$/.exec(lines[i]);
    if (!m) continue;
    const own = lines[i].slice(0, m.index).trim() === '';
    for (const e of m[2].matchAll(EXPECT_RE)) fx.expectations.push(parseExpect(e[1], e[2], own ? i - 1 : i, e[0]));
  }
  // Body: <!-- expect … --> comments.
  for (let i = Math.max(fmEnd + 1, 0); i < lines.length; i++) {
    for (const c of lines[i].matchAll(/<!--([\s\S]*?)-->/g)) {
      for (const e of c[1].matchAll(EXPECT_RE)) {
        let target = i - 1;
        while (target >= 0 && (lines[target].trim() === '' || ONLY_COMMENTS_RE.test(lines[target]))) target--;
        if (!ONLY_COMMENTS_RE.test(lines[i])) target = i; // a comment after content on the same line
        fx.expectations.push(parseExpect(e[1], e[2], target, e[0]));
      }
    }
  }
  return fx;
}

interface FixtureSource {
  encoding: string;
  bom?: boolean;
  noRoundTrip?: boolean;
  invalid?: boolean;
  unwritten?: { reason: 'unencodable' | 'invalid'; at: string; chars?: string };
}

/** The fixture's `source` directive as the host's SourceFacts (texts turned into spans). */
function sourceFacts(text: string, s: FixtureSource): SourceFacts {
  const facts: SourceFacts = { encoding: s.encoding, bom: s.bom, noRoundTrip: s.noRoundTrip };
  // Every U+FFFD outside the fixture's comments (the expectations quote them too).
  const outside = text.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length));
  if (s.invalid) facts.invalid = [...outside.matchAll(/\uFFFD/g)].map((m) => ({ start: m.index!, end: m.index! + 1 }));
  if (s.unwritten) {
    const i = outside.indexOf(s.unwritten.at);
    if (i < 0) throw new Error(`source.unwritten.at ${JSON.stringify(s.unwritten.at)} is not in the fixture`);
    facts.unwritten = { reason: s.unwritten.reason, chars: s.unwritten.chars, span: { start: i, end: i + s.unwritten.at.length } };
  }
  return facts;
}

export function findFixtures(dir: string): string[] {
  return markdownFiles(dir);
}

export interface Mismatch {
  message: string;
}

/** Compare findings of the checked rules with the expectations; returns a list of problems. */
export function compare(fx: Fixture, findings: Finding[], checkedRules: Set<string>): string[] {
  const problems: string[] = [];
  const lineStarts = computeLineStarts(fx.text);
  const lines = fx.text.split(/\r?\n/);
  const relevant = findings.filter((f) => checkedRules.has(f.ruleId));
  const used = new Set<Finding>();
  for (const e of fx.expectations) {
    let span: { start: number; end: number } | undefined;
    if (e.at !== undefined) {
      const line = lines[e.line] ?? '';
      let idx = -1;
      for (let n = 0; n < e.nth; n++) {
        idx = line.indexOf(e.at, idx + 1);
        if (idx < 0) break;
      }
      if (idx < 0) {
        problems.push(`${fx.name}:${e.line + 1}: expectation "${e.source}": text ${JSON.stringify(e.at)} not found on that line`);
        continue;
      }
      span = { start: lineStarts[e.line] + idx, end: lineStarts[e.line] + idx + e.at.length };
    }
    const match = relevant.find((f) => !used.has(f) && f.ruleId === e.rule &&
      (span ? f.span.start === span.start && f.span.end === span.end : positionAt(lineStarts, f.span.start).line === e.line));
    if (!match) {
      const near = relevant.filter((f) => f.ruleId === e.rule && !used.has(f)).map((f) => describe(fx.text, lineStarts, f)).join('; ');
      problems.push(`${fx.name}:${e.line + 1}: expected ${e.rule}${e.at !== undefined ? ` at ${JSON.stringify(e.at)}` : ''}, not reported${near ? ` (unmatched: ${near})` : ''}`);
      continue;
    }
    used.add(match);
    if (e.severity !== undefined && match.severity !== e.severity) problems.push(`${fx.name}:${e.line + 1}: ${e.rule} has severity ${match.severity}, expected ${e.severity}`);
    if (e.fix !== undefined) {
      const fix = match.fixes?.[0];
      if (!fix) problems.push(`${fx.name}:${e.line + 1}: ${e.rule} has no fix, expected ${JSON.stringify(e.fix)}`);
      else {
        const s = span ?? match.span;
        const inside = fix.edits.filter((x) => x.span.start >= s.start && x.span.end <= s.end);
        const got = applyEdits(fx.text.slice(s.start, s.end), inside.map((x) => ({ span: { start: x.span.start - s.start, end: x.span.end - s.start }, newText: x.newText })));
        if (got !== e.fix || inside.length !== fix.edits.length) {
          problems.push(`${fx.name}:${e.line + 1}: ${e.rule} fix gives ${JSON.stringify(got)}${inside.length !== fix.edits.length ? ' (and edits outside the span)' : ''}, expected ${JSON.stringify(e.fix)}`);
        }
      }
    }
  }
  for (const f of relevant) if (!used.has(f)) problems.push(`${fx.name}: unexpected ${describe(fx.text, lineStarts, f)}`);
  return problems;
}

export function describe(text: string, lineStarts: number[], f: Finding): string {
  const p = positionAt(lineStarts, f.span.start);
  return `${f.ruleId} at ${p.line + 1}:${p.character + 1} ${JSON.stringify(text.slice(f.span.start, f.span.end))} (${f.message})`;
}
