/**
 * front-matter/duplicate-key: the same key twice in one YAML mapping of the front matter.
 * Hugo (go-yaml) and Hexo (js-yaml) reject the whole header; Jekyll silently keeps the last value.
 *
 *   Bad:  tags: [ai]  …  tags: [web]
 *   Good: tags: [ai, web]
 *
 * Fix: delete the earlier line (never applied by fix-all), which keeps what Jekyll shows today.
 */
import { isMap, isPair, isScalar, type Document } from 'yaml';
import type { Fix, Rule } from '../../types';
import { positionAt } from '../../text';
import { siteOf } from './site';

export const rule: Rule = {
  id: 'front-matter/duplicate-key',
  description: 'The same key twice in the front matter.',
  defaultSeverity: 'error',
  messages: {
    duplicate: {
      en: 'Duplicate key `{key}` (first on line {line}): {effect}',
      'zh-cn': '重复的键 `{key}`（首次出现在第 {line} 行）：{effect}',
    },
    effectLast: {
      en: 'Jekyll keeps only this last value.',
      'zh-cn': 'Jekyll 只保留最后这个值。',
    },
    effectBroken: {
      en: 'the generator rejects the whole header.',
      'zh-cn': '生成器会拒绝整个 front matter。',
    },
    removeFirst: {
      en: 'Remove the earlier `{key}` (line {line})',
      'zh-cn': '删除前面的 `{key}`（第 {line} 行）',
    },
  },
  check(ctx) {
    const fm = ctx.post.frontMatter;
    const doc = fm?.yaml;
    if (!fm || !doc || !doc.errors.some((e) => e.code === 'DUPLICATE_KEY')) return;
    const site = siteOf(ctx.workspace, ctx.config);
    const lenient = site.generator === 'chirpy' || site.generator === 'jekyll';
    const base = fm.contentSpan.start;
    const lineOf = (off: number) => positionAt(ctx.post.lineStarts, off).line;
    for (const e of doc.errors) {
      if (e.code !== 'DUPLICATE_KEY') continue;
      const start = base + e.pos[0];
      const second = findPair(doc, e.pos[0]);
      const key = second?.key ?? fm.raw.slice(e.pos[0], e.pos[1]);
      const first = second?.first;
      const firstLine = first ? lineOf(base + first.start) : lineOf(start);
      const fixes: Fix[] = [];
      if (first) {
        // Delete the whole lines of the first pair (key line through the end of its value).
        const from = ctx.post.lineStarts[firstLine];
        const lastLine = lineOf(base + Math.max(first.start, first.end - 1));
        const to = ctx.post.lineStarts[lastLine + 1] ?? fm.contentSpan.end;
        if (to <= ctx.post.lineStarts[lineOf(start)]) {
          fixes.push({ title: ctx.t('removeFirst', { key, line: firstLine + 1 }), edits: [{ span: { start: from, end: to }, newText: '' }] });
        }
      }
      ctx.report({
        messageId: 'duplicate',
        data: { key, line: firstLine + 1, effect: ctx.t(lenient ? 'effectLast' : 'effectBroken') },
        span: { start, end: base + (second?.keyEnd ?? e.pos[1]) },
        severity: lenient ? 'warning' : undefined,
        fixes,
      });
    }
  },
};

/** The duplicate pair whose key starts at `pos`, and the first pair with the same key in that mapping. */
function findPair(doc: Document.Parsed, pos: number): { key: string; keyEnd: number; first?: { start: number; end: number } } | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!isMap(node)) {
      const items = (node as { items?: unknown[] } | null)?.items;
      if (Array.isArray(items)) stack.push(...items);
      continue;
    }
    const seen = new Map<string, { start: number; end: number }>();
    for (const p of node.items) {
      if (!isPair(p) || !isScalar(p.key) || !p.key.range) continue;
      const k = String(p.key.value);
      const valueEnd = (p.value as { range?: [number, number, number] } | null)?.range?.[2] ?? p.key.range[1];
      if (p.key.range[0] === pos) return { key: k, keyEnd: p.key.range[1], first: seen.get(k) };
      if (!seen.has(k)) seen.set(k, { start: p.key.range[0], end: valueEnd });
      if (p.value) stack.push(p.value);
    }
  }
  return undefined;
}
