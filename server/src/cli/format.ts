/**
 * Output formats of `zhen check`: stylish (people), json (scripts; a public interface), sarif
 * (code scanning), github (workflow commands: annotations on a pull request), rdjson (reviewdog's
 * Diagnostic Format), junit (test reports).
 */
import { isAbsolute, sep as pathSep } from 'node:path';
import { computeLineStarts, positionAt, type Finding, type Severity, type Span } from '../core/index';
import { utf8Sequence } from '../node/textFile';

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe for a terminal: control characters (C0, DEL, C1, which can move the cursor or
 * recolour it) and bidirectional controls (which can reorder what is shown) as `\xNN` or
 * `\u{NNNN}`. For file names and messages in the stylish output and notices, with or without colour.
 */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).toUpperCase().padStart(2, '0')}` : `\\u{${n.toString(16).toUpperCase()}}`;
  });
}

/** A file name given as bytes (not valid UTF-8): its UTF-8 parts as text, every other byte as `\xNN`. */
export function printableBytes(b: Uint8Array): string {
  let out = '';
  let run = 0;
  const decoder = new TextDecoder();
  for (let i = 0; i < b.length; ) {
    const n = utf8Sequence(b, i);
    if (n) {
      i += n;
      continue;
    }
    out += decoder.decode(b.subarray(run, i)) + `\\x${b[i].toString(16).toUpperCase().padStart(2, '0')}`;
    run = ++i;
  }
  return printable(out + decoder.decode(b.subarray(run)));
}

/**
 * A path as a SARIF `artifactLocation.uri`: a relative URI reference (or a `file:` URI for an
 * absolute path) with `/` between segments, each segment percent-encoded as UTF-8 (`%`, `#`, `?`,
 * spaces, `\` in a POSIX name…). `sep` is the platform's separator (`\` on Windows).
 */
export function pathToUri(path: string, sep: string = pathSep): string {
  const enc = new TextEncoder();
  const segment = (s: string) => {
    let out = '';
    for (const byte of enc.encode(s)) {
      const c = String.fromCharCode(byte);
      out += /[A-Za-z0-9\-._~!$&'()*+,;=:@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  };
  const uri = path.split(sep).map(segment).join('/');
  return isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) ? `file://${uri.startsWith('/') ? '' : '/'}${uri}` : uri;
}

export interface FileResult {
  /** As given on the command line or relative to the cwd; `<stdin>` for standard input. */
  path: string;
  text: string;
  findings: Finding[];
}

interface LineCol {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 1-based lines and columns, columns in UTF-16 code units. */
function rangeOf(lineStarts: number[], text: string, span: Span): LineCol {
  const s = positionAt(lineStarts, span.start, text.length);
  const e = positionAt(lineStarts, span.end, text.length);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/**
 * The JSON document: `{"files":[{path, findings:[{rule, severity, message, line, column, endLine, endColumn, fixes:[{title, edits:[…]}], data?}]}]}`.
 * `data` (when the rule gives one) is the rule's machine-readable detail, e.g. for claim/unlinked the
 * signals that made the sentence a claim and the detector's confidence.
 */
export function toJson(results: FileResult[]): string {
  const files = results.map((r) => {
    const ls = computeLineStarts(r.text);
    return {
      path: r.path,
      findings: r.findings.map((f) => ({
        rule: f.ruleId,
        severity: f.severity,
        message: f.message,
        ...rangeOf(ls, r.text, f.span),
        fixes: (f.fixes ?? []).map((x) => ({
          title: x.title,
          edits: x.edits.map((e) => ({ ...rangeOf(ls, r.text, e.span), newText: e.newText })),
        })),
        ...(f.data ? { data: f.data } : {}),
      })),
    };
  });
  return JSON.stringify({ files });
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** The repository: where a rule's documentation is read on the web. */
export const REPO_URL = 'https://github.com/zhen-lint/zhen';

/** A rule's documentation on the web: its source file, whose header is its documentation (rule id = path). */
export function ruleHelpUri(id: string): string {
  return id.includes('/') ? `${REPO_URL}/blob/main/server/src/core/rules/${id}.ts` : `${REPO_URL}#readme`;
}

/** What the formats know of a rule: its id, description, default severity and documentation (its header). */
export interface RuleInfo {
  id: string;
  description: string;
  defaultSeverity?: string;
  doc?: string;
}

/** Fixes a tool can apply as plain text edits: not those that need a value, edit .zhen.yml or rename the file. */
function plainFixes(f: Finding) {
  return (f.fixes ?? []).filter((x) => !x.input && !x.configEdit && !x.rename && x.edits.length);
}

export function toSarif(results: FileResult[], rules: RuleInfo[], version: string, sep: string = pathSep): string {
  const run = {
    tool: {
      driver: {
        name: 'zhen',
        version,
        semanticVersion: version,
        informationUri: REPO_URL,
        rules: rules.map((r) => ({
          id: r.id,
          shortDescription: { text: r.description },
          ...(r.doc ? { fullDescription: { text: r.doc.split('\n\n')[0].replace(/\s*\n\s*/g, ' ') } } : {}),
          helpUri: ruleHelpUri(r.id),
          help: {
            text: r.doc ?? r.description,
            markdown: `**${r.id}**: ${r.description}\n\n${r.doc ? '```text\n' + r.doc.replace(/```/g, '` ` `') + '\n```\n\n' : ''}[Documentation](${ruleHelpUri(r.id)})`,
          },
          ...(r.defaultSeverity === 'off' ? { defaultConfiguration: { enabled: false } } : r.defaultSeverity ? { defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] } } : {}),
        })),
      },
    },
    columnKind: 'utf16CodeUnits',
    results: results.flatMap((r) => {
      const ls = computeLineStarts(r.text);
      const uri = pathToUri(r.path, sep);
      const region = (span: Span) => {
        const p = rangeOf(ls, r.text, span);
        return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
      };
      return r.findings.map((f) => {
        const index = rules.findIndex((x) => x.id === f.ruleId);
        const fixes = plainFixes(f);
        return {
          ruleId: f.ruleId,
          ...(index >= 0 ? { ruleIndex: index } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(f.span) } }],
          ...(fixes.length
            ? {
                fixes: fixes.map((x) => ({
                  description: { text: x.title },
                  artifactChanges: [{ artifactLocation: { uri }, replacements: x.edits.map((e) => ({ deletedRegion: region(e.span), insertedContent: { text: e.newText } })) }],
                })),
              }
            : {}),
        };
      });
    }),
  };
  return JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [run] }, null, 2);
}

// ---- GitHub Actions workflow commands -------------------------------------------------------------
// `::error file=F,line=L,endLine=E,col=C,endColumn=K,title=T::MESSAGE`, one line each. Escaped as the
// runner unescapes them (actions/runner ActionCommand, @actions/core): the message escapes `%`, CR
// and LF; a property value also `:` and `,` (its delimiters). Columns only on a one-line range
// (GitHub ignores them otherwise).

export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** One workflow command per finding; paths with `/`, relative to the current folder (the workspace in a workflow). */
export function toGithub(results: FileResult[], sep: string = pathSep): string {
  const lines: string[] = [];
  for (const r of results) {
    const ls = computeLineStarts(r.text);
    const file = r.path.split(sep).join('/');
    for (const f of r.findings) {
      const p = rangeOf(ls, r.text, f.span);
      const props = [`file=${escapeGithubProperty(file)}`, `line=${p.line}`, `endLine=${p.endLine}`];
      if (p.line === p.endLine) props.push(`col=${p.column}`, `endColumn=${p.endColumn}`);
      props.push(`title=${escapeGithubProperty(`zhen ${f.ruleId}`)}`);
      lines.push(`::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeGithubData(f.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

// ---- reviewdog Diagnostic Format (rdjson) --------------------------------------------------------

const RD_SEVERITY: Record<Severity, string> = { error: 'ERROR', warning: 'WARNING', info: 'INFO', hint: 'INFO' };

/** reviewdog's `DiagnosticResult` (proto/rdf): lines from 1, columns from 1 counted in UTF-8 bytes, ends exclusive; the preferred fix as suggestions. */
export function toRdjson(results: FileResult[], sep: string = pathSep): string {
  const diagnostics = results.flatMap((r) => {
    const ls = computeLineStarts(r.text);
    const pos = (offset: number) => {
      const { line } = positionAt(ls, offset, r.text.length);
      return { line: line + 1, column: Buffer.byteLength(r.text.slice(ls[line], offset)) + 1 };
    };
    const range = (span: Span) => ({ start: pos(span.start), end: pos(span.end) });
    return r.findings.map((f) => {
      const preferred = plainFixes(f).find((x) => x.isPreferred);
      return {
        message: f.message,
        location: { path: r.path.split(sep).join('/'), range: range(f.span) },
        severity: RD_SEVERITY[f.severity],
        code: { value: f.ruleId, url: ruleHelpUri(f.ruleId) },
        ...(preferred ? { suggestions: preferred.edits.map((e) => ({ range: range(e.span), text: e.newText })) } : {}),
      };
    });
  });
  return JSON.stringify({ source: { name: 'zhen', url: REPO_URL }, diagnostics });
}

// ---- JUnit XML ------------------------------------------------------------------------------------

/** Text for XML 1.0: escaped, and the characters it cannot hold (most C0 controls) as U+FFFD. */
function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One test suite, a test case per checked file, a failure per finding (as ESLint's and rumdl's junit formats do). */
export function toJunit(results: FileResult[], sep: string = pathSep): string {
  let failures = 0;
  const cases = results.map((r) => {
    const ls = computeLineStarts(r.text);
    const file = r.path.split(sep).join('/');
    failures += r.findings.length;
    const body = r.findings.map((f) => {
      const p = rangeOf(ls, r.text, f.span);
      return `      <failure message="${xml(f.message)}" type="${f.severity}">${xml(`${f.severity} ${f.ruleId} at ${file}:${p.line}:${p.column}: ${f.message}`)}</failure>`;
    });
    return `    <testcase classname="zhen" name="${xml(file)}" file="${xml(file)}" time="0">${body.length ? `\n${body.join('\n')}\n    ` : ''}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="zhen" tests="${results.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="zhen" tests="${results.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const C = {
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  red: (s: string) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  blue: (s: string) => `\x1b[34m${s}\x1b[39m`,
  underline: (s: string) => `\x1b[4m${s}\x1b[24m`,
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
};

/** Severity words in the stylish output. */
export const SEVERITY_WORD: Record<'en' | 'zh-cn', Record<Severity, string>> = {
  en: { error: 'error', warning: 'warning', info: 'info', hint: 'hint' },
  'zh-cn': { error: '错误', warning: '警告', info: '信息', hint: '提示' },
};

/** Columns a character takes in a terminal: 2 for East Asian wide and fullwidth characters (and emoji), 0 for combining marks, else 1. */
export function charWidth(cp: number): number {
  if (cp === 0x200b || cp === 0x200d || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** Width in terminal columns of printable text. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** The widest source excerpt shown under a finding, in terminal columns. */
const EXCERPT_WIDTH = 72;

/**
 * The finding's source line (a window of it around the span: a Chinese paragraph is often one long
 * line) and a caret line under the span, both made safe for the terminal; `['', '']` when the span
 * starts on an empty line.
 */
export function excerpt(text: string, lineStarts: number[], span: Span): [string, string] {
  const { line } = positionAt(lineStarts, span.start, text.length);
  const lineStart = lineStarts[line];
  let lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
  while (lineEnd > lineStart && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
  const end = Math.min(Math.max(span.end, span.start), lineEnd);
  // The pieces of the line as shown: tabs as a space, control characters escaped.
  const show = (s: string) => printable(s.replace(/\t/g, ' '));
  const chars = [...text.slice(lineStart, lineEnd)];
  if (!chars.length) return ['', ''];
  // Offsets (UTF-16) of each code point, to place the span.
  const offsets: number[] = [];
  let o = lineStart;
  for (const ch of chars) {
    offsets.push(o);
    o += ch.length;
  }
  const widths = chars.map((ch) => textWidth(show(ch)));
  const first = offsets.findIndex((x) => x >= span.start);
  const a = first < 0 ? chars.length : first;
  let b = offsets.findIndex((x) => x >= end);
  if (b < 0) b = chars.length;
  if (b <= a) b = Math.min(a + 1, chars.length);
  // A window of at most EXCERPT_WIDTH columns: the span (or its start), then context on both sides.
  let from = a;
  let to = a;
  let w = 0;
  while (to < b && w + widths[to] <= EXCERPT_WIDTH - 2) w += widths[to++];
  if (to === a && a < chars.length) w += widths[to++];
  for (let grew = true; grew && w < EXCERPT_WIDTH - 2; ) {
    grew = false;
    if (from > 0 && w + widths[from - 1] <= EXCERPT_WIDTH - 2 && (a - from < 16 || to >= chars.length)) {
      w += widths[--from];
      grew = true;
    }
    if (to < chars.length && w + widths[to] <= EXCERPT_WIDTH - 2) {
      w += widths[to++];
      grew = true;
    }
  }
  const head = from > 0 ? '…' : '';
  const tail = to < chars.length ? '…' : '';
  const source = head + chars.slice(from, to).map(show).join('') + tail;
  const pad = textWidth(head) + widths.slice(from, Math.min(a, to)).reduce((x, y) => x + y, 0);
  const caretWidth = Math.max(1, widths.slice(a, Math.min(b, to)).reduce((x, y) => x + y, 0));
  return [source, ' '.repeat(pad) + '^'.repeat(caretWidth)];
}

export interface StylishOptions {
  /** Show each finding's source line with a caret under it (default true). */
  source?: boolean;
}

/**
 * Human output: per file, each finding with its source line and a caret under it; then the counts
 * per rule and the totals. Hints (a post's house-style places) are counted, not listed:
 * `--format json` lists them.
 */
export function toStylish(results: FileResult[], color: boolean, lang: 'en' | 'zh-cn', options: StylishOptions = {}): string {
  const paint = (f: (s: string) => string, s: string) => (color ? f(s) : s);
  const words = SEVERITY_WORD[lang];
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  const perRule = new Map<string, { n: number; fixable: number; worst: Severity }>();
  const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
  let fixable = 0;
  const sevWidth = Math.max(...Object.values(words).map(textWidth));
  for (const r of results) {
    if (!r.findings.length) continue;
    const ls = computeLineStarts(r.text);
    lines.push(paint(C.underline, printable(r.path)));
    let hints = 0;
    for (const f of r.findings) {
      counts[f.severity]++;
      const canFix = !!f.fixes?.some((x) => x.isPreferred);
      if (canFix) fixable++;
      const rule = perRule.get(f.ruleId) ?? { n: 0, fixable: 0, worst: f.severity };
      rule.n++;
      if (canFix) rule.fixable++;
      if (rank[f.severity] > rank[rule.worst]) rule.worst = f.severity;
      perRule.set(f.ruleId, rule);
      if (f.severity === 'hint') {
        hints++;
        continue;
      }
      const p = rangeOf(ls, r.text, f.span);
      const word = words[f.severity] + ' '.repeat(sevWidth - textWidth(words[f.severity]));
      const sev = f.severity === 'error' ? paint(C.red, word) : f.severity === 'warning' ? paint(C.yellow, word) : paint(C.blue, word);
      lines.push(`  ${paint(C.dim, `${p.line}:${p.column}`.padEnd(8))} ${sev}  ${printable(f.message)}  ${paint(C.dim, f.ruleId)}`);
      if (options.source !== false) {
        const [src, caret] = excerpt(r.text, ls, f.span);
        if (src) lines.push(`  ${paint(C.dim, '│')} ${src}`, `  ${paint(C.dim, '│')} ${paint(f.severity === 'error' ? C.red : f.severity === 'warning' ? C.yellow : C.blue, caret)}`);
      }
    }
    if (hints) lines.push(paint(C.dim, lang === 'zh-cn' ? `  另有 ${hints} 个提示未列出（--format json 会列出）` : `  ${hints} hint${hints === 1 ? '' : 's'} not listed (--format json lists them)`));
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return lang === 'zh-cn' ? `没有发现问题（${results.length} 个文件）。\n` : `No problems found in ${results.length} file${results.length === 1 ? '' : 's'}.\n`;
  const summary = lang === 'zh-cn'
    ? `${results.length} 个文件中发现 ${total} 个问题：错误 ${counts.error}，警告 ${counts.warning}，信息 ${counts.info}，提示 ${counts.hint}；其中 ${fixable} 个可用 --fix 自动修复。`
    : `${total} problem${total === 1 ? '' : 's'} in ${results.length} file${results.length === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info, ${counts.hint} hint${counts.hint === 1 ? '' : 's'}); ${fixable} fixable with --fix.`;
  // Per rule, most findings first: which rules to look at (or turn off) first.
  const rules = [...perRule].sort((x, y) => y[1].n - x[1].n || (x[0] < y[0] ? -1 : 1));
  const idWidth = Math.max(...rules.map(([id]) => id.length));
  const nWidth = Math.max(...rules.map(([, v]) => String(v.n).length));
  lines.push(paint(C.bold, lang === 'zh-cn' ? '按规则：' : 'By rule:'));
  for (const [id, v] of rules) {
    const fix = v.fixable ? (lang === 'zh-cn' ? `，${v.fixable} 个可修复` : `, ${v.fixable} fixable`) : '';
    lines.push(`  ${id.padEnd(idWidth)}  ${String(v.n).padStart(nWidth)}  ${paint(C.dim, `(${words[v.worst]}${fix})`)}`);
  }
  lines.push('', paint(C.bold, summary));
  return lines.join('\n') + '\n';
}
