/**
 * front-matter/yaml-syntax: a YAML syntax error in the front matter, at its exact place.
 * A broken header makes Jekyll, Hugo and Hexo drop every key of it.
 *
 *   Bad:  tags: [ai, web
 *   Good: tags: [ai, web]
 *
 * A bracket or quote left open is named where it was opened ("the `[` opened here is never
 * closed"), with a fix that closes it at the end of its line (not preferred: a person checks).
 * Duplicate keys are left to front-matter/duplicate-key, tab indentation to front-matter/tab-indent.
 * No fix: only the author knows what was meant.
 */
import type { Rule } from '../../types';
import { yamlOffset } from '../../document';
import { yamlAliasBomb } from '../../config';
import { unclosedOpener, yamlErrorText } from '../../yamlErrors';

export const rule: Rule = {
  id: 'front-matter/yaml-syntax',
  description: 'YAML syntax errors in the front matter.',
  defaultSeverity: 'error',
  messages: {
    syntax: {
      en: 'YAML syntax error in the front matter: {detail}',
      'zh-cn': 'Front matter 的 YAML 语法错误：{detail}',
    },
    unclosed: {
      en: 'YAML syntax error in the front matter: the "{open}" opened here is never closed, so Jekyll, Hugo and Hexo drop the whole front matter.',
      'zh-cn': 'Front matter 的 YAML 语法错误：此处的“{open}”没有闭合，Jekyll、Hugo 和 Hexo 会因此丢弃整个 front matter。',
    },
    fixClose: { en: 'Close it: add "{close}" at the end of the line', 'zh-cn': '在行尾补上“{close}”' },
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
      if (opener?.span && opener.open && opener.close && opener.closeAt !== undefined) {
        // Point at what was left open (the `[` or the quote), up to the end of its line; the fix closes it there.
        const at = yamlOffset(fm, opener.closeAt);
        ctx.report({
          messageId: 'unclosed',
          data: { open: opener.open },
          span: { start: yamlOffset(fm, opener.span.start), end: yamlOffset(fm, opener.span.end) },
          detail: { code: e.code },
          fixes: [{ title: ctx.t('fixClose', { close: opener.close }), edits: [{ span: { start: at, end: at }, newText: opener.close }] }],
        });
        continue;
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
      ctx.report({ messageId: 'syntax', data: { detail: yamlErrorText(e, undefined, ctx.config.language) }, span: { start, end }, detail: { code: e.code } });
    }
    // A "billion laughs" alias bomb: the header is not read (no key of it is checked).
    const bomb = fm.yaml.errors.length ? undefined : yamlAliasBomb(fm.yaml);
    if (bomb) ctx.report({ messageId: 'syntax', data: { detail: bomb.message }, span: { start: yamlOffset(fm, bomb.span.start), end: Math.min(yamlOffset(fm, bomb.span.end), fm.contentSpan.end) }, detail: { code: 'ALIAS_BOMB' } });
  },
};

function lastNonSpace(text: string, from: number, to: number): number {
  let i = to - 1;
  while (i > from && /\s/.test(text[i])) i--;
  return i;
}
