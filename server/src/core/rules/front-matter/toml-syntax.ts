/**
 * front-matter/toml-syntax: a TOML syntax error in a Hugo `+++` front matter, at its line and column
 * (as smol-toml reports it). Hugo refuses to build a page whose header does not parse.
 *
 *   Bad:  tags = ["ai", "web"
 *   Good: tags = ["ai", "web"]
 *
 * No fix: only the author knows what was meant.
 */
import type { Rule } from '../../types';
import { headerOf } from './site';

export const rule: Rule = {
  id: 'front-matter/toml-syntax',
  description: 'TOML syntax errors in a +++ front matter.',
  defaultSeverity: 'error',
  messages: {
    syntax: {
      en: 'TOML syntax error in the front matter: {detail}',
      'zh-cn': 'Front matter 的 TOML 语法错误：{detail}',
    },
  },
  check(ctx) {
    const h = headerOf(ctx.post);
    if (!h?.tomlError) return;
    const { fm } = h;
    const lines = fm.raw.split('\n');
    const li = Math.min(Math.max(h.tomlError.line - 1, 0), Math.max(lines.length - 1, 0));
    let lineStart = fm.contentSpan.start;
    for (let i = 0; i < li; i++) lineStart += lines[i].length + 1;
    const line = (lines[li] ?? '').replace(/\r$/, '');
    const col = Math.min(Math.max(h.tomlError.column - 1, 0), line.length);
    // Show the rest of the line from the reported column (at least one character).
    let end = lineStart + line.replace(/\s+$/, '').length;
    let start = lineStart + col;
    if (end <= start) {
      start = Math.max(lineStart, end - 1);
      end = Math.max(start + 1, end);
    }
    // An unclosed array or inline table: point at its opener, as the user has to close it there.
    if (/end of structure|unterminated|expected comma/i.test(h.tomlError.message)) {
      const opener = unclosed(fm.raw, start - fm.contentSpan.start);
      if (opener >= 0) {
        start = fm.contentSpan.start + opener;
        const nl = fm.raw.indexOf('\n', opener);
        end = fm.contentSpan.start + (nl < 0 ? fm.raw.length : nl);
        while (end > start + 1 && /\s/.test(ctx.post.text[end - 1])) end--;
      }
    }
    const detail = h.tomlError.message.replace(/^Invalid TOML document:\s*/, '');
    ctx.report({ messageId: 'syntax', data: { detail }, span: { start, end: Math.min(end, fm.contentSpan.end) } });
  },
};

/** The offset of a `[` or `{` before `pos` that is not closed before it (strings skipped), or -1. */
function unclosed(raw: string, pos: number): number {
  const stack: number[] = [];
  let quote = '';
  for (let i = 0; i < Math.min(pos, raw.length); i++) {
    const c = raw[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote || c === '\n') quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const nl = raw.indexOf('\n', i);
      i = nl < 0 ? raw.length : nl;
    } else if (c === '[' || c === '{') stack.push(i);
    else if ((c === ']' || c === '}') && stack.length) stack.pop();
  }
  return stack.length ? stack[stack.length - 1] : -1;
}
