/**
 * term/sense: a term with several senses (推理 = Inference | Reasoning) used, by its context,
 * in a sense other than the one the post defined (`推理 (Inference)`). A hint: the reader
 * may take the defined sense. Senses and their context words are glossary data.
 *
 *   Bad:  焦点已转向模型的“推理 (Inference)”……基准测试涵盖常识推理、学术主题。
 *   Good: 焦点已转向模型的“推理 (Inference)”……基准测试涵盖常识推理 (Reasoning)、学术主题。
 *
 * No fix: the right wording depends on the sentence (name the sense in parentheses, as above).
 */
import type { Rule } from '../../types';
import { positionAt } from '../../text';
import { analyzeTerms, type TermHit } from './analysis';
import type { Sense } from './glossary';
import type { Post } from '../../document';

/** The sense the words around a hit point to, if exactly one sense's context words are there. */
export function senseByContext(post: Post, hit: TermHit, senses: readonly Sense[]): Sense | undefined {
  const found = senses.filter((s) => s.context.some((w) => around(post.prose, hit, w)));
  return found.length === 1 ? found[0] : undefined;
}

/** Is `word` written at the hit (it contains the term: `常识推理`) or right next to it? */
function around(prose: string, hit: TermHit, word: string): boolean {
  const at = word.indexOf(hit.text);
  if (at >= 0) return prose.startsWith(word, hit.start - at);
  const before = prose.slice(Math.max(0, hit.start - word.length - 1), hit.start).replace(/[\s\uE000]/g, '');
  const after = prose.slice(hit.end, hit.end + word.length + 1).replace(/[\s\uE000]/g, '');
  return before.endsWith(word) || after.startsWith(word);
}

export const rule: Rule = {
  id: 'term/sense',
  description: 'A multi-sense term used in a sense other than the one the post defined.',
  defaultSeverity: 'hint',
  messages: {
    otherSense: {
      en: '"{term}" here reads as {here} ({context}), but line {line} defines it as {defined}: say which one you mean.',
      'zh-cn': '此处“{term}”按上下文（{context}）是 {here} 之意，而第 {line} 行把它定义为 {defined}，宜写明所指。',
    },
  },
  check(ctx) {
    const terms = analyzeTerms(ctx.post, ctx.config);
    for (const [concept, def] of terms.senseDefs) {
      const senses = concept.senses ?? [];
      for (const hit of terms.hitsOf(concept)) {
        if (hit.inDefinition || terms.senseMarks.has(hit.start) || (hit.start >= def.span.start && hit.end <= def.span.end)) continue;
        const s = senseByContext(ctx.post, hit, senses);
        if (!s || s === def.sense) continue;
        const word = s.context.find((w) => around(ctx.post.prose, hit, w)) ?? hit.text;
        ctx.report({
          messageId: 'otherSense',
          data: { term: hit.text, here: s.en, defined: def.sense.en, context: word, line: positionAt(ctx.post.lineStarts, def.span.start).line + 1 },
          span: { start: hit.start, end: hit.end },
          severity: 'hint',
          detail: { concept: concept.id, sense: s.id, defined: def.sense.id },
        });
      }
    }
  },
};
