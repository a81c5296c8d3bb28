/**
 * front-matter/yaml-syntax: a YAML syntax error in the front matter, at its exact place.
 * A broken header makes Jekyll, Hugo and Hexo drop every key of it.
 *
 *   Bad:  tags: [ai, web
 *   Good: tags: [ai, web]
 *
 * Duplicate keys are left to front-matter/duplicate-key, tab indentation to front-matter/tab-indent.
 * No fix: only the author knows what was meant.
 */
import type { Rule } from '../../types';
import { yamlOffset } from '../../document';
import { yamlAliasBomb } from '../../config';

export const rule: Rule = {
  id: 'front-matter/yaml-syntax',
  description: 'YAML syntax errors in the front matter.',
  defaultSeverity: 'error',
  messages: {
    syntax: {
      en: 'YAML syntax error in the front matter: {detail}',
      'zh-cn': 'Front matter 的 YAML 语法错误：{detail}',
    },
  },
  check(ctx) {
    const fm = ctx.post.frontMatter;
    if (!fm?.yaml) return;
    const len = ctx.post.text.length;
    for (const e of fm.yaml.errors) {
      if (e.code === 'DUPLICATE_KEY' || e.code === 'TAB_AS_INDENT') continue;
      let start = Math.min(yamlOffset(fm, e.pos[0]), fm.contentSpan.end);
      let end = Math.min(yamlOffset(fm, e.pos[1]), len);
      const opener = unclosedOpener(fm.raw, e.pos[0], e.message);
      if (opener) {
        // Point at what was left open (the `[` or the quote), up to the end of its line.
        start = yamlOffset(fm, opener.start);
        end = yamlOffset(fm, opener.end);
      }
      // An error reported on white space or a line break: show it on the last character before.
      if (/^\s*$/.test(ctx.post.text.slice(start, Math.max(end, start + 1)))) {
        start = lastNonSpace(ctx.post.text, fm.contentSpan.start, start + 1);
        end = start + 1;
      }
      if (end <= start) {
        // An error at the very end of the content (an unclosed bracket): show it on the last character.
        if (start >= fm.contentSpan.end && start > fm.contentSpan.start) start = lastNonSpace(ctx.post.text, fm.contentSpan.start, fm.contentSpan.end);
        end = Math.min(start + 1, len);
      }
      const detail = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '');
      ctx.report({ messageId: 'syntax', data: { detail }, span: { start, end }, detail: { code: e.code } });
    }
    // A "billion laughs" alias bomb: the header is not read (no key of it is checked).
    const bomb = fm.yaml.errors.length ? undefined : yamlAliasBomb(fm.yaml);
    if (bomb) ctx.report({ messageId: 'syntax', data: { detail: bomb.message }, span: { start: yamlOffset(fm, bomb.span.start), end: Math.min(yamlOffset(fm, bomb.span.end), fm.contentSpan.end) }, detail: { code: 'ALIAS_BOMB' } });
  },
};

/** For "missing closing quote / bracket" errors, the opener that was never closed and the rest of its line. */
function unclosedOpener(yaml: string, pos: number, message: string): { start: number; end: number } | undefined {
  let at = -1;
  const quote = /closing (["'])quote/.exec(message);
  if (quote) at = yaml.lastIndexOf(quote[1], Math.max(0, pos - 1));
  else if (/end with a \]|flow sequence/i.test(message)) at = unmatched(yaml, pos, '[', ']');
  else if (/end with a \}|flow mapping/i.test(message)) at = unmatched(yaml, pos, '{', '}');
  if (at < 0) return undefined;
  let end = yaml.indexOf('\n', at);
  if (end < 0) end = yaml.length;
  while (end > at + 1 && /\s/.test(yaml[end - 1])) end--;
  return { start: at, end };
}

function unmatched(yaml: string, pos: number, open: string, close: string): number {
  let depth = 0;
  for (let i = Math.min(pos, yaml.length) - 1; i >= 0; i--) {
    if (yaml[i] === close) depth++;
    else if (yaml[i] === open) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function lastNonSpace(text: string, from: number, to: number): number {
  let i = to - 1;
  while (i > from && /\s/.test(text[i])) i--;
  return i;
}
