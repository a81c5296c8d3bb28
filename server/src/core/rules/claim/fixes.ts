/**
 * Citation quick-fixes shared by the claim rules, best first:
 *   1. link the named source to a known URL (one fix per candidate), or to a URL the user gives;
 *   2. add a footnote `[^n]` after the claim and `[^n]: 来源：<url>` at the end of the post;
 *   3. add the source to `.zhen.yml` `sources:` (Fix.configEdit) and link it here;
 *   4. mark as checked: `<!-- zhen-disable-next-line RULE -->` before the paragraph.
 * None is `isPreferred`: fix-all must never invent a citation. `{{input}}` in an edit (and in
 * a configEdit item) stands for the URL the client asks for (Fix.input, kind 'url').
 */
import type { Fix, Messages, RuleContext, Span, TextEdit } from '../../types';
import type { Post } from '../../document';
import { isCjkCode } from '../../cjk';
import { disableNextLineEdit } from '../../suppressEdit';
import { footnotes } from './footnotes';
import type { SourceCandidate, SourceLibrary } from './sources';

export const INPUT = '{{input}}';

export const FIX_MESSAGES: Messages = {
  fixLink: { en: 'Link “{name}” to {url}', 'zh-cn': '为“{name}”添加链接 {url}' },
  fixLinkInput: { en: 'Link “{name}” to a URL…', 'zh-cn': '为“{name}”添加链接…' },
  fixFootnote: { en: 'Add footnote [^{n}] with the source URL…', 'zh-cn': '添加脚注 [^{n}] 并填写来源链接…' },
  fixConfig: { en: 'Add “{name}” to the sources in .zhen.yml', 'zh-cn': '将“{name}”加入 .zhen.yml 的来源库' },
  fixDisable: { en: 'Mark as checked (disable {rule} for this paragraph)', 'zh-cn': '标记为已核实（本段不再检查 {rule}）' },
  inputPrompt: { en: 'URL of the source', 'zh-cn': '来源的链接 (URL)' },
  originConfig: { en: 'from .zhen.yml', 'zh-cn': '来自 .zhen.yml' },
  originPost: { en: 'linked in this post', 'zh-cn': '本文已链接' },
  originWorkspace: { en: 'linked in {path}', 'zh-cn': '已在 {path} 中链接' },
  hoverKnown: { en: 'Known sources for “{name}”:', 'zh-cn': '“{name}”的已知来源：' },
  hoverUnknown: {
    en: 'No URL is known for “{name}” yet: add it to `sources:` in `.zhen.yml`, or link it once in any post.',
    'zh-cn': '尚无“{name}”的链接：可在 `.zhen.yml` 的 `sources:` 中添加，或在任一文章中链接一次。',
  },
};

/** Hover lines: the sources the library knows for a name, or how to teach it one. */
export function knownSourcesMarkdown(ctx: RuleContext<unknown>, name: string, library: SourceLibrary): string {
  const known = library.lookup(name);
  if (!known.length) return ctx.t('hoverUnknown', { name });
  return [ctx.t('hoverKnown', { name }), ...known.map((k) => `- [${k.name}](${k.url})${ctx.config.language === 'zh-cn' ? `（${originLabel(ctx, k)}）` : ` (${originLabel(ctx, k)})`}`)].join('\n');
}

export function urlInput(ctx: RuleContext<unknown>): NonNullable<Fix['input']> {
  return { prompt: ctx.t('inputPrompt'), placeholder: 'https://…', kind: 'url' };
}

/** A Markdown link destination: `<…>` when the URL has spaces or unbalanced parentheses. */
function destination(url: string): string {
  const open = (url.match(/\(/g) ?? []).length;
  const close = (url.match(/\)/g) ?? []).length;
  return /[\s<>]/.test(url) || open !== close ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

function linkText(text: string): string {
  return text.replace(/([[\]\\])/g, '\\$1');
}

export interface NamedSource {
  text: string;
  span: Span;
  /** Only a name the source library knows (linked somewhere in the workspace), not one the sentence reports from. */
  mentioned?: boolean;
}

export function originLabel(ctx: RuleContext<unknown>, c: SourceCandidate): string {
  return c.origin === 'config' ? ctx.t('originConfig') : c.origin === 'post' ? ctx.t('originPost') : ctx.t('originWorkspace', { path: c.path ?? '' });
}

/**
 * Fixes 1 and 3 for a named source: `links` to each known URL (or, when none is known, to a URL
 * the user gives); `config` adds it to .zhen.yml unless it is there already.
 */
export function sourceFixes(ctx: RuleContext<unknown>, name: NamedSource | undefined, library: SourceLibrary): { links: Fix[]; config: Fix[] } {
  if (!name) return { links: [], config: [] };
  const out: Fix[] = [];
  const candidates = library.lookup(name.text);
  for (const c of candidates) {
    out.push({ title: ctx.t('fixLink', { name: name.text, url: c.url }), edits: [{ span: name.span, newText: `[${linkText(name.text)}](${destination(c.url)})` }] });
  }
  const known = candidates.find((c) => c.origin === 'config');
  if (!candidates.length) {
    out.push({ title: ctx.t('fixLinkInput', { name: name.text }), edits: [{ span: name.span, newText: `[${linkText(name.text)}](${INPUT})` }], input: urlInput(ctx) });
  }
  const config: Fix[] = [];
  if (!known) {
    const url = candidates[0]?.url;
    config.push({
      title: ctx.t('fixConfig', { name: name.text }),
      edits: [{ span: name.span, newText: `[${linkText(name.text)}](${url ? destination(url) : INPUT})` }],
      configEdit: { key: 'sources', item: { name: name.text, url: url ?? INPUT } },
      ...(url ? {} : { input: urlInput(ctx) }),
    });
  }
  return { links: out, config };
}

const zhMemo = new WeakMap<Post, boolean>();
export function isChinesePost(post: Post): boolean {
  let z = zhMemo.get(post);
  if (z === undefined) {
    // Han characters against ASCII letters in the first 20,000 characters of prose.
    let han = 0;
    let latin = 0;
    const n = Math.min(post.prose.length, 20000);
    for (let i = 0; i < n; i++) {
      const c = post.prose.charCodeAt(i);
      if (isCjkCode(c)) han++;
      else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    }
    zhMemo.set(post, (z = han > 0 && han >= 0.3 * (han + latin / 5)));
  }
  return z;
}

/**
 * An edit that appends `[^label]: 来源：<{{input}}>` at the end of the post: on the next line after a
 * trailing footnote definition, otherwise after a blank line. The URL goes in angle brackets: Jekyll's
 * kramdown (GFM input too) links a bare URL in no case, `<url>` in every generator (kramdown, Hugo's
 * goldmark, Hexo's marked).
 */
export function appendDefinitionEdit(post: Post, label: string): TextEdit {
  const text = post.text;
  let tail = tailMemo.get(post);
  if (!tail) {
    // The same for every finding of the post: computed once (each is a scan of the whole text).
    const fn = footnotes(post);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const source = isChinesePost(post) ? '来源：' : 'Source: ';
    const last = fn.defs[fn.defs.length - 1];
    const endsWithDef = !!last && text.slice(last.span.end).trim() === '';
    const prefix = (/\n$/.test(text) ? '' : eol) + (endsWithDef ? '' : eol);
    tailMemo.set(post, (tail = { prefix, source, eol }));
  }
  return { span: { start: text.length, end: text.length }, newText: `${tail.prefix}[^${label}]: ${tail.source}<${INPUT}>${tail.eol}` };
}
const tailMemo = new WeakMap<Post, { prefix: string; source: string; eol: string }>();

/** Fix 2: `[^n]` at `at`, and its definition at the end of the post, numbered after the existing footnotes. */
export function footnoteFix(ctx: RuleContext<unknown>, at: number): Fix {
  const n = footnotes(ctx.post).maxNumber + 1;
  return {
    title: ctx.t('fixFootnote', { n }),
    edits: [{ span: { start: at, end: at }, newText: `[^${n}]` }, appendDefinitionEdit(ctx.post, String(n))],
    input: urlInput(ctx),
  };
}

/**
 * Fix 4: `<!-- zhen-disable-next-line RULE -->` on its own line before the paragraph (before the
 * image line for a caption right under an image), keeping list and quote structure intact.
 * The edit is the core's, the same as the server's "Disable RULE for this line".
 */
export function disableFix(ctx: RuleContext<unknown>, ruleId: string, blockStart: number): Fix | undefined {
  const edit = disableNextLineEdit(ctx.post, ruleId, blockStart);
  return edit && { title: ctx.t('fixDisable', { rule: ruleId }), edits: [edit] };
}
