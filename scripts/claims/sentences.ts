/**
 * The sentences of a post that claim/unlinked judges (paragraphs and list items: not headings,
 * table cells, footnote definitions or captions that name a source), with their line, clean text
 * and the detector's signals. Shared by the sampler and the fitting script, so both see exactly
 * what the rule sees.
 */
import { parse, computeLineStarts, positionAt, toConfig, type Post } from '../../server/src/core/index';
import type { Sentence } from '../../server/src/core/sentences';
import { claimSentences } from '../../server/src/core/rules/claim/claimSentences';
import { cleanText, cueSet, type CleanText } from '../../server/src/core/rules/claim/cues';
import { citations } from '../../server/src/core/rules/claim/citations';
import { insideAny } from '../../server/src/core/containers';
import { captionSource } from '../../server/src/core/rules/claim/captions';
import { detector, signalsOf, type Detector, type Signal } from '../../server/src/core/rules/claim/detector';

export interface JudgedSentence {
  sentence: Sentence;
  clean: CleanText;
  /** 1-based line of the sentence's start. */
  line: number;
  /** The clean text, U+FFFC shown as ⟨⟩. */
  text: string;
  signals: Signal[];
  /** A link or footnote overlaps the sentence. */
  cited: boolean;
}

export function judgedSentences(text: string, det: Detector = detector(toConfig({}))): { post: Post; list: JudgedSentence[] } {
  const config = toConfig({});
  const post = parse(text, config);
  const set = cueSet(config);
  const cites = citations(post);
  const ls = computeLineStarts(text);
  const list: JudgedSentence[] = [];
  for (const s of claimSentences(post)) {
    if (s.block.type !== 'paragraph') continue;
    if (insideAny(cites.definitions, s)) continue;
    if (captionSource(post, s.block, set)) continue;
    const clean = cleanText(post, s);
    const cited = cites.spans.some((c) => c.start < s.end && c.end > s.start);
    list.push({ sentence: s, clean, line: positionAt(ls, s.start).line + 1, text: display(clean.text), signals: signalsOf(det, post, s, clean), cited });
  }
  return { post, list };
}

export function display(t: string): string {
  return t.replace(/\uFFFC+/g, '⟨⟩').replace(/\s+/g, ' ').trim();
}
