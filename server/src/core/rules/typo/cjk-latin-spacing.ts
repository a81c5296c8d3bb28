/**
 * typo/cjk-latin-spacing: no space between Chinese and Latin letters or digits.
 * Inline Markdown (emphasis, link brackets) in between counts as nothing; the space
 * goes next to the Chinese character, outside the markup.
 *
 *   Bad:  我们用Github的API来获取2023年的数据
 *   Good: 我们用 Github 的 API 来获取 2023 年的数据
 *
 * Never inside code, URLs, HTML, Liquid, math or front matter: the prose view masks them.
 */
import type { Rule } from '../../types';
import { MARK } from '../../document';
import { isCjkChar, isLatinAlnum } from '../../cjk';

interface Options {
  /** Require a space between Chinese and digits too (`自 2023 年`). */
  digits: boolean;
}

const enum Cls { Other, Cjk, Latin, Digit }

function classify(prose: string, i: number): Cls {
  const c = prose.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    // Low surrogate: the pair's class is decided by its high half.
    return isCjkChar(prose[i - 1]) ? Cls.Cjk : Cls.Other;
  }
  const ch = prose[i];
  if (isLatinAlnum(ch)) return c <= 57 ? Cls.Digit : Cls.Latin;
  if (isCjkChar(ch)) return Cls.Cjk;
  return Cls.Other;
}

export const rule: Rule<Options> = {
  id: 'typo/cjk-latin-spacing',
  description: 'A space between Chinese and Latin letters or digits.',
  defaultSeverity: 'warning',
  defaultOptions: { digits: true },
  messages: {
    missing: {
      en: 'Add a space between Chinese and "{latin}".',
      'zh-cn': '中文与“{latin}”之间应加空格。',
    },
    fix: { en: 'Add a space', 'zh-cn': '加空格' },
  },
  check(ctx) {
    const { prose } = ctx.post;
    const digits = ctx.options.digits !== false;
    for (const block of ctx.post.blocks) {
      let prev = -1; // index of the last significant (non-MARK) character
      let prevCls = Cls.Other;
      for (let i = block.span.start; i < block.span.end; i++) {
        if (prose[i] === MARK) continue;
        const cls = classify(prose, i);
        if (prev >= 0 && prevCls !== Cls.Other && cls !== Cls.Other) {
          const cjkThenLatin = prevCls === Cls.Cjk && cls !== Cls.Cjk;
          const latinThenCjk = prevCls !== Cls.Cjk && cls === Cls.Cjk;
          const latinSide = cjkThenLatin ? cls : prevCls;
          if ((cjkThenLatin || latinThenCjk) && (digits || latinSide !== Cls.Digit) && !isCaptionLabel(prose, block.span.start, prev, cls)) {
            // The space goes next to the Chinese character, outside any markup between.
            const at = cjkThenLatin ? prev + 1 : i;
            const latin = latinWord(prose, cjkThenLatin ? i : prev, cjkThenLatin ? 1 : -1);
            ctx.report({
              messageId: 'missing',
              data: { latin },
              span: { start: prev, end: i + 1 },
              fixes: [{ title: ctx.t('fix'), edits: [{ span: { start: at, end: at }, newText: ' ' }], isPreferred: true }],
            });
          }
        }
        prev = i;
        prevCls = cls;
      }
    }
  },
};

/**
 * `图1`/`表2` opening a caption line is a label that Chinese captions write without
 * a space by convention (the body text may still say `如图 2 所示`).
 */
function isCaptionLabel(prose: string, blockStart: number, cjkAt: number, next: Cls): boolean {
  if (next !== Cls.Digit || (prose[cjkAt] !== '图' && prose[cjkAt] !== '表')) return false;
  for (let i = cjkAt - 1; i >= blockStart; i--) {
    const c = prose[i];
    if (c === '\n') return true;
    if (c !== MARK && c !== ' ') return false;
  }
  return true;
}

/** The run of Latin letters/digits around index i, read in direction dir, for the message. */
function latinWord(prose: string, i: number, dir: 1 | -1): string {
  let s = i;
  let e = i;
  if (dir === 1) while (e + 1 < prose.length && isLatinAlnum(prose[e + 1]) && e - s < 30) e++;
  else while (s - 1 >= 0 && isLatinAlnum(prose[s - 1]) && e - s < 30) s--;
  return prose.slice(s, e + 1);
}
