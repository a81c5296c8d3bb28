/**
 * A source named once for a run of figures (issue #16; the seed-81206 readers' 'source named nearby' class,
 * fan-wb ipfs.md:218 and :223):
 *
 *   ## 4 IPFS 相关数据
 *   ### 4.1 地理分布
 *   根据 Protocol Labs 的研究，截止 2021 年 9 月，IPFS 中共有 198,964 个对等点……      (the finding: no link)
 *   ### 4.2 自治系统分布
 *   IPFS 对等点分布于 2715 个自治系统 (AS) 中……排名前 10 的 AS 涵盖了 64.9% 的 IP 地址……  (a hint naming line 204)
 *
 * A sentence that reports from a source it names (`根据 X 的研究`, `X 数据显示`: figureSource.ts `reports`)
 * and has no link is the one finding; the figures after it in the same section that name no other
 * source and go on about the same subject (recap.ts `sharesSubject`: a Latin name that is not one of
 * `nearbyCitation.commonWords`, or two Chinese character pairs) report the same data: the missing link
 * is one problem, at the naming sentence, so they are hints that name its line (`data.sourceNamedAt`).
 * The section is the naming sentence's heading's own section (its subsections too), widened to the
 * parent heading's when the sentence opens it (the first prose under a heading that is the first thing
 * under its parent: `## 4` → `### 4.1` → the sentence); one level only, and never to the post's title
 * (`#`). The run ends at the section's end, at a link or footnote reference between the two sentences
 * (the post cites something else there), and at a sentence
 * that reports from a source it names (its own run, or none if it is cited). A later sentence that
 * reports from a named source of its own (`据 Y 统计…`) is no part of the run, nor one after or in a
 * sentence that names a source by its web address (`debridges.com 上统计的…`); one that reports with no
 * name after no lead (`统计发现…`) is, one with a report lead of its own (`据不完全统计，…`: cues.json
 * `sourceRun.ownReport`) is not.
 * Cost: a walk over the headings for each naming sentence, a span test and a subject test per finding.
 */
import data from '../../../../../data/claims/cues.json';
import type { Post } from '../../document';
import type { Sentence } from '../../sentences';
import { headingIndexAt, headingsOf, sectionEnd } from '../../sections';
import { positionAt } from '../../text';
import type { Citations } from './citations';
import { sharesSubject } from './recap';
import { nameKey } from './sources';

/** A report lead of the sentence's own (`据不完全统计`): it gives its own source. */
const OWN_REPORT = new RegExp(data.sourceRun.ownReport);
/** A source named by its web address anywhere in a text (`debridges.com 上统计的…`): cues.json `webAddressIn`. */
const WEB_ADDRESS_IN = new RegExp(data.webAddressIn.pattern, 'i');

export interface SourceRun {
  /** The naming sentence. */
  sentence: Sentence;
  /** Its 1-based line. */
  line: number;
  /** The name it reports from. */
  name: string;
  /** Its clean text (the subject test). */
  text: string;
  /** Where its section ends. */
  end: number;
}

/** A run opened by the naming sentence `s` (see the header). */
export function openRun(post: Post, s: Sentence, name: string, text: string): SourceRun {
  return { sentence: s, line: positionAt(post.lineStarts, s.start).line + 1, name, text, end: scopeEnd(post, s) };
}

/** Where the section the sentence sources ends: its heading's own section, or the parent's while it opens it. */
function scopeEnd(post: Post, s: Sentence): number {
  const hs = headingsOf(post);
  let h = headingIndexAt(post, s.start);
  if (h < 0) return post.text.length;
  // The sentence opens its heading's section when no prose block stands between the heading and its block.
  const opens = (from: number, to: number) => !post.blocks.some((b) => b.type !== 'heading' && b.span.start >= from && b.span.start < to);
  if (opens(hs[h].end, s.block.span.start)) {
    // A heading opens its parent's section when it is the first thing under it: one level up (`## 4` over
    // `### 4.1`), and never the post's title (`# IPFS` over every section).
    if (h > 0 && hs[h - 1].depth < hs[h].depth && hs[h - 1].depth > 1 && opens(hs[h - 1].end, hs[h].start)) h--;
  }
  return sectionEnd(post, h);
}

/**
 * Does the claim `s` (clean text `text`, the source it reports from `own`, if any) go on with the run's
 * data? Undefined when the run does not cover it.
 */
export function inRun(post: Post, run: SourceRun | undefined, s: Sentence, text: string, own: string | undefined, cites: Citations): SourceRun | undefined {
  if (!run || s.start >= run.end || s.start < run.sentence.end) return undefined;
  if ((own && nameKey(own) !== nameKey(run.name)) || OWN_REPORT.test(text)) return undefined;
  const from = run.sentence.end;
  const to = s.start;
  // A source named by its web address between the two or in the claim (fan-wb web3.md:37 `debridges.com 上统计的…`) is another source.
  if (WEB_ADDRESS_IN.test(post.prose.slice(from, s.end))) return undefined;
  if (cites.links.some((l) => l.span.start >= from && l.span.start < to) || cites.footnoteRefs.some((r) => r.start >= from && r.start < to)) return undefined;
  return sharesSubject(text, run.text) ? run : undefined;
}
