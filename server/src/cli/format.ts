/** Output formats of `zhen check`: stylish (people), json (scripts; a public interface), sarif (code scanning). */
import { isAbsolute, sep as pathSep } from 'node:path';
import { computeLineStarts, positionAt, type Finding, type Span } from '../core/index';
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

/** The JSON document: exactly `{"files":[{path, findings:[{rule, severity, message, line, column, endLine, endColumn, fixes:[{title, edits:[…]}]}]}]}`. */
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
      })),
    };
  });
  return JSON.stringify({ files });
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function toSarif(results: FileResult[], rules: Array<{ id: string; description: string }>, version: string, sep: string = pathSep): string {
  const run = {
    tool: {
      driver: {
        name: 'zhen',
        version,
        informationUri: 'https://github.com/zhen-lint/zhen',
        rules: rules.map((r) => ({ id: r.id, shortDescription: { text: r.description } })),
      },
    },
    results: results.flatMap((r) => {
      const ls = computeLineStarts(r.text);
      return r.findings.map((f) => {
        const p = rangeOf(ls, r.text, f.span);
        return {
          ruleId: f.ruleId,
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: pathToUri(r.path, sep) },
              region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
            },
          }],
        };
      });
    }),
  };
  return JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [run] }, null, 2);
}

const C = {
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  red: (s: string) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  blue: (s: string) => `\x1b[34m${s}\x1b[39m`,
  underline: (s: string) => `\x1b[4m${s}\x1b[24m`,
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
};

export function toStylish(results: FileResult[], color: boolean, lang: 'en' | 'zh-cn'): string {
  const paint = (f: (s: string) => string, s: string) => (color ? f(s) : s);
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  for (const r of results) {
    if (!r.findings.length) continue;
    const ls = computeLineStarts(r.text);
    lines.push(paint(C.underline, printable(r.path)));
    for (const f of r.findings) {
      counts[f.severity]++;
      if (f.fixes?.some((x) => x.isPreferred)) fixable++;
      const p = rangeOf(ls, r.text, f.span);
      const sev = f.severity === 'error' ? paint(C.red, 'error') : f.severity === 'warning' ? paint(C.yellow, 'warning') : paint(C.blue, f.severity);
      lines.push(`  ${paint(C.dim, `${p.line}:${p.column}`.padEnd(8))} ${sev.padEnd(color ? 16 : 8)} ${printable(f.message)}  ${paint(C.dim, f.ruleId)}`);
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return lang === 'zh-cn' ? `没有发现问题（${results.length} 个文件）。\n` : `No problems found in ${results.length} file${results.length === 1 ? '' : 's'}.\n`;
  const summary = lang === 'zh-cn'
    ? `${results.length} 个文件中发现 ${total} 个问题：错误 ${counts.error}，警告 ${counts.warning}，提示 ${counts.info + counts.hint}；其中 ${fixable} 个可用 --fix 自动修复。`
    : `${total} problem${total === 1 ? '' : 's'} in ${results.length} file${results.length === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info/hint); ${fixable} fixable with --fix.`;
  lines.push(paint(C.bold, summary));
  return lines.join('\n') + '\n';
}
