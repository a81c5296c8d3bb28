/**
 * Incrementality (#24): with a `RuleCache` kept between analyses, an edit inside one block re-runs
 * the rules' block-level parts on that block only (counted, not timed), and the findings equal a
 * fresh analysis of the edited text. Random edit sequences (seeded) over the fixtures and the
 * example post.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, analyzePost, analyzePostSteps, parse, ParseCache, RuleCache, families, resolveConfig, ruleSeverity, type Config, type Workspace } from '../server/src/core/index';
import { blockWindows, memoized, type BlockWindow } from '../server/src/core/blockCache';
import { parsePost, walk, type Post } from '../server/src/core/document';
import { planPieces, withPieceSizes } from '../server/src/core/pieces';
import { computeLineStarts, positionAt } from '../server/src/core/text';
import { analyzeTerms } from '../server/src/core/rules/term/analysis';
import { postNames } from '../server/src/core/rules/term/names';
import { variantFlags } from '../server/src/core/rules/term/variant';
import { postRenderings } from '../server/src/core/rules/term/renderings';
import { claimSentences } from '../server/src/core/rules/claim/claimSentences';
import { detector } from '../server/src/core/rules/claim/detector';
import { STYLED_SUBS, newStyledSubs } from '../server/src/core/rules/typo/style';
import { GRADES, type GradeTable } from '../server/src/core/rules/term/confidence';
import { findFixtures, loadFixture } from './helpers/fixtures';

const repo = join(__dirname, '..', '..');

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters typed by the edits: Chinese, Latin, digits, spaces, the punctuation the typo rules
// look at, doubled words (typo/repeated) and Markdown emphasis. No line breaks: an edit stays in its block.
const TYPED = ['中', '文', '的', '了', '模型', '模型', '，', '。', '、', '？', ' ', 'a', 'the', 'Z', '7', '%', '*', '**', '据报告', '用户'];

/** A random edit inside a random prose block: insert, delete or replace a few characters. */
function edit(post: Post, rnd: () => number): { text: string; at: number; touched: string } | undefined {
  const blocks = post.blocks.filter((b) => b.span.end - b.span.start >= 2);
  if (!blocks.length) return undefined;
  const b = blocks[Math.floor(rnd() * blocks.length)];
  const { text } = post;
  let at = b.span.start + 1 + Math.floor(rnd() * (b.span.end - b.span.start - 1));
  if (at > 0 && /[\uDC00-\uDFFF]/.test(text[at])) at--; // not inside a surrogate pair
  const del = rnd() < 0.4 ? Math.min(1 + Math.floor(rnd() * 3), b.span.end - at) : 0;
  const removed = text.slice(at, at + del);
  if (/[\n\r]|[\uD800-\uDBFF]$/.test(removed)) return undefined;
  const ins = del && rnd() < 0.5 ? '' : TYPED[Math.floor(rnd() * TYPED.length)];
  return { text: text.slice(0, at) + ins + text.slice(at + del), at, touched: removed + ins };
}

function blockRules(config: Config): string[] {
  return families.flatMap((f) => f.rules).filter((r) => r.block && ruleSeverity(config, r) !== 'off').map((r) => r.id);
}

interface Run {
  label: string;
  text: string;
  config: Config;
  workspace: Workspace;
}

/** Analyse `steps` random edits of a post with caches, checking each against a fresh analysis. */
function sequence(run: Run, seed: number, steps: number): { edits: number; computed: number; reused: number; memoComputed: number; memoReused: number } {
  const rnd = random(seed);
  const { config, workspace } = run;
  const rules = blockRules(config);
  const parseCache = new ParseCache();
  const cache = new RuleCache();
  let text = run.text;
  let post = parse(text, config, parseCache, workspace);
  let windows = blockWindows(post);
  analyzePost(post, config, workspace, cache);
  assert.equal(cache.stats.reused, 0, `${run.label}: block parts reused on a first analysis`);
  // The styled typo rules' block parts read two characters past the block's lines: keyed by those too.
  const edged = (p: Post) => new Set(blockWindows(p).map((w) => w.edges + '\u0000' + w.key));
  let edgedBefore = edged(post);
  // (in order: the styled rules' census join is reused while the windows' parts are the same, one by one)
  const edgedOrder = (p: Post) => blockWindows(p).map((w) => w.edges + '\u0000' + w.key).join('\u0001');
  let edgedOrderBefore = edgedOrder(post);
  // The styled rules' subs (run id and edges) are kept by the run's rule cache's table: made again only for edges new to the post.
  const edgesOf = (p: Post) => new Set(blockWindows(p).map((w) => w.edges));
  let edgesBefore = edgesOf(post);
  let subsBefore = subsHeld(cache);
  assert.ok(subsBefore > 0 || !windows.length, `${run.label}: the styled subs are made in the rule cache's table`);
  const styledKeys = (cache.stats.memo['typo/styled']?.computed ?? 0) / Math.max(1, edgedBefore.size);
  const textTests = 2 + detector(config).features.filter((f) => f.builtin === 'before').length;
  let askedTextTests = (cache.stats.memo['claim/text-test']?.computed ?? 0) > 0;
  let askedBlockTests = (cache.stats.memo['claim/text-count']?.computed ?? 0) > 0;
  // abbr-undefined's Latin words and the words of code are read once a finding asks for them (as the text tests above).
  const asked = (name: string) => (cache.stats.memo[name]?.computed ?? 0) + (cache.stats.memo[name]?.reused ?? 0) > 0;
  let askedLatin = asked('term/latin-words');
  let askedCode = asked('term/code-words-parts');
  let askedLinks = asked('term/link-targets-parts');
  let askedGroups = asked('claim/person-count') || asked('claim/scenario-first');
  let urlsBefore = linkUrls(post);
  // recap.ts's figures are read once some claim asks whether it restates a figure: after a run that asked none, the first that does reads all.
  let askedRecap = asked('claim/recap-figures');
  let edits = 0;
  let computed = 0;
  let reused = 0;
  let memoComputed = 0;
  let memoReused = 0;
  for (let i = 0; i < steps; i++) {
    const e = edit(post, rnd);
    if (!e) continue;
    const where = `${run.label} seed ${seed} step ${i} at ${e.at}`;
    text = e.text;
    const codeBefore = codeTexts(post);
    const windowsBefore = windows.length;
    post = parse(text, config, parseCache, workspace);
    const before = new Set(windows.map((w) => w.key));
    // The cache keeps a few windows past the last run (unused entries are swept once they outgrow its
    // slack): a block edited back to a text it had is taken from it too.
    const held = cache.heldWindows();
    const fresh = analyze(text, config, workspace);
    const got = analyzePost(post, config, workspace, cache);
    windows = blockWindows(post); // (made by the run, which kept the unchanged windows' keys)
    assert.deepEqual(got, fresh, `${where}: findings differ from a fresh analysis`);
    // Only the blocks whose window changed ran their block parts, once per block rule.
    const changed = new Map<string, BlockWindow>();
    for (const w of windows) if (!before.has(w.key)) changed.set(w.key, w);
    const unheld = new Map([...changed].filter(([k]) => !held.has(k)));
    const starts = new Set([...unheld.values()].map((w) => w.block.span.start));
    for (const at of cache.stats.computedAt) assert.ok(starts.has(at), `${where}: block part ran on the unchanged block at ${at}`);
    assert.equal(cache.stats.computed, rules.length * unheld.size, `${where}: block parts run`);
    assert.equal(cache.stats.reused, rules.length * (windows.length - unheld.size) + countRepeats(windows, unheld, rules.length), `${where}: block parts reused`);
    // Only the changed windows and those on the edited lines (a table row's cells) made their key
    // again: the others took the last run's (compared in place, not joined and hashed).
    const onEdit = windows.filter((w) => changed.has(w.key) || (w.base <= e.at && e.at <= w.base + w.text.length)).length;
    assert.equal(cache.stats.windowKeys.made + cache.stats.windowKeys.kept, windows.length, `${where}: window keys`);
    assert.ok(cache.stats.windowKeys.made <= onEdit, `${where}: ${cache.stats.windowKeys.made} window keys made, ${onEdit} windows changed or on the edit`);
    // The changed blocks are the edited one: their windows hold the edit, or sit in the edited paragraph
    // (no blank line between): an edit can split the lines of its paragraph into other blocks (`*图7`
    // under an image typed into `* 图7` starts a list and ends the image's paragraph a line earlier).
    const sameParagraph = (w: BlockWindow) => !/\n[ \t]*\r?\n/.test(text.slice(Math.min(w.base, e.at), Math.max(w.base + w.text.length, e.at)));
    // Or the edit typed or removed a delimiter of a dialect's construct that may span blank lines: a
    // Hugo shortcode whose `>}}` loses a brace reads on to the next `>}}` (`{{< figure … >}文` takes in
    // the admonition after it), a Liquid tag's `%}` likewise; the findings still equal a fresh analysis.
    const delimiter = /[{}%<>]/.test(e.touched);
    for (const w of changed.values()) assert.ok((w.base <= e.at && e.at <= w.base + w.text.length) || sameParagraph(w) || delimiter, `${where}: block at ${w.block.span.start} changed, away from the edit`);
    // The cache keeps entries across runs and sweeps the unused ones once they outgrow its slack.
    assert.ok(cache.stale <= cache.slack, `${where}: ${cache.stale} unused entries kept, slack ${cache.slack}`);
    assert.ok(cache.size <= windows.length + cache.slack, `${where}: the cache holds more than the post's blocks and the slack`);
    // The shared per-block and per-sentence work: the term matcher's scan of a block, the claim
    // detector's gate on a sentence, only for the changed blocks and their sentences.
    const memo = cache.stats.memo;
    assert.ok((memo['term/matcher']?.computed ?? 0) <= changed.size, `${where}: the term matcher scanned ${memo['term/matcher']?.computed} blocks, ${changed.size} changed`);
    // The term analysis of a block: the changed blocks, and those whose looks past their edges (a
    // quote or identifier test reads up to 26 characters beyond) reach a changed window.
    const near = post.blocks.filter((b) => [...changed.values()].some((w) => b.span.start - 26 < w.base + w.text.length && b.span.end + 26 > w.base)).length;
    assert.ok((memo['term/block']?.computed ?? 0) <= near, `${where}: the term analysis ran on ${memo['term/block']?.computed} blocks, ${near} changed or beside a change`);
    // The Latin names of a block: its tests of a run's surroundings read up to 40 characters past it
    // (a quotation) and up to four lines around (a keyword list's siblings).
    const lineOf = (at: number) => positionAt(post.lineStarts, at).line;
    const nearNames = post.blocks.filter((b) => [...changed.values()].some((w) =>
      (b.span.start - 41 < w.base + w.text.length && b.span.end + 41 > w.base) ||
      (lineOf(b.span.start) - 5 <= lineOf(w.base + w.text.length) && lineOf(b.span.end) + 5 >= lineOf(w.base)))).length;
    assert.ok((memo['term/names']?.computed ?? 0) <= nearNames, `${where}: the names pass ran on ${memo['term/names']?.computed} blocks, ${nearNames} changed or near a change`);
    // The names pass's per-block sums: the letters of a window (is the post Chinese?) and whether its
    // block has Chinese or a few Latin words: the changed windows only.
    assert.ok((memo['term/letters']?.computed ?? 0) <= changed.size, `${where}: the letters of ${memo['term/letters']?.computed} windows counted, ${changed.size} changed`);
    // The renderings pass's glosses of a block, and where a window writes the endings of long glosses (kept under the word
    // list's id: a new list, from an edit that adds or drops a long gloss, scans every window again).
    assert.ok((memo['term/renderings']?.computed ?? 0) <= changed.size, `${where}: the glosses of ${memo['term/renderings']?.computed} blocks read, ${changed.size} changed`);
    if (!memo['term/ending-words']?.computed) assert.ok((memo['term/endings']?.computed ?? 0) <= changed.size, `${where}: the endings searched in ${memo['term/endings']?.computed} windows, ${changed.size} changed`);
    // abbr-undefined's Latin words of a window (names, CamelCase capitals, initials of word runs): the changed windows only;
    // their join at most once, and not at all when no window's words changed. The words of a code text: the new texts only.
    if (askedLatin) {
      assert.ok((memo['term/latin-words']?.computed ?? 0) <= changed.size, `${where}: the Latin words of ${memo['term/latin-words']?.computed} windows read, ${changed.size} changed`);
      const sameWindows = !changed.size && windows.length === windowsBefore;
      assert.ok((memo['term/latin-words-join']?.computed ?? 0) <= (sameWindows ? 0 : 1), `${where}: the Latin words joined ${memo['term/latin-words-join']?.computed} times, ${changed.size} windows changed`);
    }
    askedLatin = asked('term/latin-words');
    const codeNow = codeTexts(post);
    const newCode = new Set(codeNow.filter((c) => !codeBefore.includes(c))).size;
    if (askedCode) {
      assert.ok((memo['term/code-words']?.computed ?? 0) <= newCode, `${where}: the words of ${memo['term/code-words']?.computed} code texts read, ${newCode} new`);
      const sameCode = codeNow.length === codeBefore.length && codeNow.every((c, k) => c === codeBefore[k]);
      assert.ok((memo['term/code-words-join']?.computed ?? 0) <= (sameCode ? 0 : 1), `${where}: the code words joined again with no code text changed`);
    }
    askedCode = asked('term/code-words-parts');
    // term/misspelt's words of the link targets: split again at most once, and not at all while every URL is as it was.
    const urlsNow = linkUrls(post);
    if (askedLinks) {
      const sameUrls = urlsNow.length === urlsBefore.length && urlsNow.every((u, k) => u === urlsBefore[k]);
      assert.ok((memo['term/link-targets-join']?.computed ?? 0) <= (sameUrls ? 0 : 1), `${where}: the link targets' words made again ${memo['term/link-targets-join']?.computed} times, URLs ${sameUrls ? 'as they were' : 'changed'}`);
    }
    askedLinks = asked('term/link-targets-parts');
    urlsBefore = urlsNow;
    // The names pass's set of what the blocks write (for a plural's singular): made again at most once per edit.
    assert.ok((memo['term/names-written-join']?.computed ?? 0) <= 1, `${where}: the blocks' written names joined ${memo['term/names-written-join']?.computed} times`);
    // term/misspelt's choice of names: made again at most once (when the words or the workspace changed).
    assert.ok((memo['term/misspelt-choices-join']?.computed ?? 0) <= 1, `${where}: names chosen ${memo['term/misspelt-choices-join']?.computed} times`);
    assert.ok((memo['sentences']?.computed ?? 0) <= changed.size, `${where}: sentences split in ${memo['sentences']?.computed} blocks, ${changed.size} changed`);
    const inChanged = claimSentences(post).filter((x) => [...changed.values()].some((w) => x.start < w.base + w.text.length && x.end > w.base)).length;
    assert.ok((memo['claim/gate']?.computed ?? 0) <= inChanged, `${where}: the claim gate ran on ${memo['claim/gate']?.computed} sentences, ${inChanged} in the changed blocks`);
    // The detector's pattern features on a sentence, and its per-sentence text tests (first person,
    // own data, each `before` feature's patterns): again only on the changed blocks' sentences.
    assert.ok((memo['claim/patterns']?.computed ?? 0) <= inChanged, `${where}: the claim detector's patterns ran on ${memo['claim/patterns']?.computed} sentences, ${inChanged} in the changed blocks`);
    // A caption's look at each line of a block (has it prose, and a source label?).
    const changedLines = [...changed.values()].reduce((n, w) => n + w.text.split('\n').length, 0);
    assert.ok((memo['claim/caption-line']?.computed ?? 0) <= changedLines, `${where}: the caption lines looked at ${memo['claim/caption-line']?.computed}, ${changedLines} lines changed`);
    // A caption's look per window (the first line with prose, a label on it, a figure title): the changed windows only.
    assert.ok((memo['claim/caption-look']?.computed ?? 0) <= changed.size, `${where}: the caption looks made ${memo['claim/caption-look']?.computed}, ${changed.size} windows changed`);
    // (The share of first-person sentences is asked of every sentence, but only once some sentence
    // of the post is a candidate claim: after a run that asked none, the first that does asks all.)
    if (askedTextTests) assert.ok((memo['claim/text-test']?.computed ?? 0) <= textTests * inChanged, `${where}: the claim text tests ran ${memo['claim/text-test']?.computed} times, ${inChanged} sentences changed (${textTests} tests)`);
    askedTextTests = (memo['claim/text-test']?.computed ?? 0) + (memo['claim/text-test']?.reused ?? 0) > 0;
    // The claim rule's block-level tests of each sentence (reference mark, gate, score bound), kept
    // per block; the first-person count and scenario opening of a block (asked once a candidate asks
    // for the post's context, as the text tests above): again only the changed blocks.
    assert.ok((memo['claim/possible']?.computed ?? 0) <= changed.size, `${where}: the claim rule's block tests ran on ${memo['claim/possible']?.computed} blocks, ${changed.size} changed`);
    // The figures of each block's sentences that recap.ts indexes (a restated figure): again only the changed blocks.
    if (askedRecap) assert.ok((memo['claim/recap-figures']?.computed ?? 0) <= changed.size, `${where}: the recap's figures read in ${memo['claim/recap-figures']?.computed} blocks, ${changed.size} changed`);
    askedRecap = asked('claim/recap-figures');
    assert.ok((memo['claim/bound']?.computed ?? 0) <= inChanged, `${where}: the claim score bound ran on ${memo['claim/bound']?.computed} sentences, ${inChanged} in the changed blocks`);
    // The detector's judgement of a sentence (judged.ts): again only for the changed blocks' sentences (the findings equal a fresh analysis: its key holds what it reads).
    assert.ok((memo['claim/judge']?.computed ?? 0) <= inChanged, `${where}: the claim detector judged ${memo['claim/judge']?.computed} sentences, ${inChanged} in the changed blocks`);
    if (askedBlockTests) {
      assert.ok((memo['claim/text-count']?.computed ?? 0) <= changed.size, `${where}: first-person counts of ${memo['claim/text-count']?.computed} blocks, ${changed.size} changed`);
      assert.ok((memo['claim/text-first']?.computed ?? 0) <= textTests * changed.size, `${where}: scenario openings of ${memo['claim/text-first']?.computed} blocks, ${changed.size} changed`);
    }
    askedBlockTests = (memo['claim/text-count']?.computed ?? 0) + (memo['claim/text-count']?.reused ?? 0) > 0;
    // The first-person count and scenario opening of each block, kept by the last run's table (claimSentences.ts `perGroup`):
    // computed for the changed blocks only (a block moved may take its memoised value).
    // (Asked once a candidate asks for the post's context, as the text tests above: after a run that asked none, the first that does counts all.)
    if (askedGroups) {
      assert.ok((memo['claim/person-count']?.computed ?? 0) <= changed.size, `${where}: first-person counts of ${memo['claim/person-count']?.computed} blocks, ${changed.size} changed`);
      assert.ok((memo['claim/scenario-first']?.computed ?? 0) <= changed.size, `${where}: scenario openings of ${memo['claim/scenario-first']?.computed} blocks, ${changed.size} changed`);
    }
    askedGroups = asked('claim/person-count') || asked('claim/scenario-first');
    // The numbers of the tables and code blocks (restated own data): the changed cells only, joined again at most once.
    assert.ok((memo['claim/own-numbers-cell']?.computed ?? 0) <= changed.size, `${where}: the numbers of ${memo['claim/own-numbers-cell']?.computed} cells read, ${changed.size} windows changed`);
    assert.ok((memo['claim/own-numbers-join']?.computed ?? 0) <= 1, `${where}: the own numbers joined ${memo['claim/own-numbers-join']?.computed} times`);
    const edgedNow = edged(post);
    const edgedChanged = [...edgedNow].filter((k) => !edgedBefore.has(k)).length;
    edgedBefore = edgedNow;
    assert.ok((memo['typo/styled']?.computed ?? 0) <= styledKeys * edgedChanged, `${where}: the styled typo rules ran on ${memo['typo/styled']?.computed} blocks, ${edgedChanged} changed (${styledKeys} runs per block)`);
    // The blocks' census summed: at most once per run, and not at all when no window changed (the join of the parts is reused).
    const censusJoins = Object.entries(memo).filter(([name]) => name.startsWith('typo/styled-census:') && name.endsWith('-join')).reduce((n, [, m]) => n + (m?.computed ?? 0), 0);
    const edgedOrderNow = edgedOrder(post);
    assert.ok(censusJoins <= (edgedOrderNow === edgedOrderBefore ? 0 : styledKeys), `${where}: the styled census summed ${censusJoins} times, ${edgedChanged} windows changed (${styledKeys} runs)`);
    edgedOrderBefore = edgedOrderNow;
    const edgesNow = edgesOf(post);
    const newEdges = [...edgesNow].filter((x) => !edgesBefore.has(x)).length;
    edgesBefore = edgesNow;
    const subsNow = subsHeld(cache);
    assert.ok(subsNow - subsBefore <= styledKeys * newEdges, `${where}: the styled subs made ${subsNow - subsBefore}, ${newEdges} edges new (${styledKeys} runs)`);
    subsBefore = subsNow;
    const counted = ['term/matcher', 'term/block', 'term/names', 'term/letters', 'term/renderings', 'term/endings', 'term/latin-words', 'term/code-words', 'sentences', 'claim/gate', 'claim/patterns', 'claim/text-test', 'claim/caption-line', 'claim/possible', 'claim/bound', 'claim/text-count', 'claim/text-first'];
    for (const name of counted) {
      memoComputed += memo[name]?.computed ?? 0;
      memoReused += memo[name]?.reused ?? 0;
    }
    edits++;
    computed += cache.stats.computed;
    reused += cache.stats.reused;
  }
  return { edits, computed, reused, memoComputed, memoReused };
}

/**
 * The texts analysed in turn through one parse cache and one rule cache, as an editor's edits are: each run's findings equal
 * a fresh analysis of its text; `each` reads the run (its findings, the cache's memo counts of that run, the post).
 */
function editRuns<T>(texts: readonly string[], config: Config, each: (got: ReturnType<typeof analyze>, memo: RuleCache['stats']['memo'], post: Post, i: number) => T): T[] {
  const parseCache = new ParseCache();
  const cache = new RuleCache();
  return texts.map((text, i) => {
    const post = parse(text, config, parseCache);
    const got = analyzePost(post, config, {}, cache);
    assert.deepEqual(got, analyze(text, config), `text ${i}: findings equal a fresh analysis`);
    return each(got, cache.stats.memo, post, i);
  });
}

/** The texts of a post's code spans and blocks in order (as term/confidence.ts reads them: the first 20,000 characters). */
function codeTexts(post: Post): string[] {
  const out: string[] = [];
  walk(post.root, (node) => {
    if (node.type !== 'inlineCode' && node.type !== 'code') return;
    out.push(node.value.slice(0, 20_000));
    return 'skip';
  });
  return out;
}

/** The targets of a post's links and link definitions in order (as term/misspelt.ts `linkTargets` reads them). */
function linkUrls(post: Post): string[] {
  const out: string[] = [];
  walk(post.root, (node) => {
    if ((node.type === 'link' || node.type === 'definition') && node.url) out.push(node.url);
  });
  return out;
}

/** The styled typo rules' subs a rule cache made so far (typo/style.ts `styledSub`, its table in the cache). */
function subsHeld(cache: RuleCache): number {
  return cache.table(STYLED_SUBS, newStyledSubs).made;
}

/** New windows seen twice in the post: the second is a hit on the first (`RuleCache.take`). */
function countRepeats(windows: BlockWindow[], changed: Map<string, BlockWindow>, rules: number): number {
  let n = 0;
  for (const [key] of changed) n += windows.filter((w) => w.key === key).length - 1;
  return n * rules;
}

test('block-level parts: the rules declaring one (typo/repeated at least)', () => {
  const config = resolveConfig();
  assert.ok(blockRules(config).includes('typo/repeated'));
});

test('an edit re-runs the block parts of its block only, and the findings equal a fresh analysis: example post', () => {
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const config = resolveConfig();
  let edits = 0;
  let memoComputed = 0;
  let memoReused = 0;
  for (const seed of [1, 2]) {
    const r = sequence({ label: 'example', text, config, workspace: {} }, seed, 16);
    edits += r.edits;
    memoComputed += r.memoComputed;
    memoReused += r.memoReused;
  }
  assert.ok(edits >= 24, `only ${edits} edits made`);
  // Most of the shared per-block work is reused after an edit (the post has ~100 blocks).
  assert.ok(memoReused > 20 * memoComputed, `memoised work: ${memoComputed} computed, ${memoReused} reused`);
});

test('an edit re-runs the block parts of its block only, and the findings equal a fresh analysis: every fixture', () => {
  const root = join(repo, 'test', 'fixtures');
  let edits = 0;
  let seed = 100;
  for (const file of findFixtures(root)) {
    const fx = loadFixture(file, root);
    const config = resolveConfig(fx.config);
    edits += sequence({ label: fx.name, text: fx.text, config, workspace: fx.workspace }, seed++, 3).edits;
  }
  assert.ok(edits > 200, `only ${edits} edits made`);
});

test('the cache is emptied by a new config object, and holds one post’s blocks at most', () => {
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const cache = new RuleCache();
  const a = resolveConfig();
  const post = parse(text, a);
  const n = blockRules(a).length * post.blocks.length;
  analyzePost(post, a, {}, cache);
  assert.equal(cache.stats.computed + cache.stats.reused, n);
  analyzePost(post, a, {}, cache);
  assert.equal(cache.stats.computed, 0);
  const b = resolveConfig({ language: 'zh-cn' });
  assert.deepEqual(analyzePost(post, b, {}, cache), analyze(text, b));
  assert.ok(cache.stats.computed > 0, 'a new config reused results made under the old one');
  assert.ok(cache.size <= post.blocks.length);
  analyzePost(parse('# 标题\n\n一段话。\n', a), a, {}, cache);
  assert.ok(cache.size <= 2, 'the entries of the long post were swept');
});

test('a block edited back to a text it had is taken from the cache (kept across runs until swept), and a sweep keeps what the run used', () => {
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const config = resolveConfig();
  const cache = new RuleCache();
  const parseCache = new ParseCache();
  const rules = blockRules(config).length;
  const post = parse(text, config, parseCache, {});
  analyzePost(post, config, {}, cache);
  // (Some work of a first run is not asked again on the next: that run sweeps it. Twice, then the
  // cache holds what a run of this text uses; a new parse, since per-post work is kept on the post.)
  analyzePost(parse(text, config, parseCache, {}), config, {}, cache);
  const block = post.blocks.find((b) => b.type === 'paragraph' && b.span.end - b.span.start > 20)!;
  const at = block.span.start + 5;
  const edited = text.slice(0, at) + '新' + text.slice(at);
  analyzePost(parse(edited, config, parseCache, {}), config, {}, cache);
  assert.equal(cache.stats.computed, rules, 'the edited block ran its block parts');
  assert.ok(cache.stale > 0 && cache.stale <= cache.slack, `the block's old entries are kept unused (${cache.stale}, slack ${cache.slack})`);
  analyzePost(parse(text, config, parseCache, {}), config, {}, cache);
  assert.equal(cache.stats.computed, 0, 'the block edited back was taken from the cache');
  assert.ok(Object.values(cache.stats.memo).every((m) => m.computed === 0), `memoised work computed again: ${JSON.stringify(cache.stats.memo)}`);
  // Edits that each leave a new text behind: the unused entries are swept once past the slack.
  let t = text;
  for (let i = 0; i < 40; i++) {
    t = t.slice(0, at) + String.fromCharCode(0x4e00 + i) + t.slice(at);
    analyzePost(parse(t, config, parseCache, {}), config, {}, cache);
    assert.ok(cache.stale <= cache.slack, `edit ${i}: ${cache.stale} unused entries, slack ${cache.slack}`);
  }
  assert.ok(cache.size <= post.blocks.length + cache.slack);
});

test('a run dropped between rules (the scheduler returns its steps) no longer lends the post its cache, and keeps what the last complete run kept', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const config = resolveConfig({});
  const cache = new RuleCache();
  const post = parse(text, config);
  analyzePost(post, config, {}, cache);
  const held = cache.size;
  assert.ok(held > 0);
  const steps = analyzePostSteps(post, config, {}, cache);
  steps.next();
  // While the run is under way, shared work on the post goes through the run's cache.
  memoized(post, 'test/during', 'k', () => 1);
  assert.deepEqual(cache.stats.memo['test/during'], { computed: 1, reused: 0 });
  steps.return(undefined as never);
  memoized(post, 'test/after', 'k', () => 1);
  assert.equal(cache.stats.memo['test/after'], undefined, 'computed outside any run once the run was dropped');
  assert.equal(cache.size, held, 'the unfinished run did not replace the kept entries');
});

test('a block kept by the cache is analysed again when what it read beyond its window changes (a link definition, a status label count, a keyword list sibling)', () => {
  const config = resolveConfig({});
  const cases: Array<[string, string]> = [
    // A link to a page whose last path segment is the link's text: a cited name (the definition is elsewhere).
    ['# 标题\n\n这里介绍 [kubernetes][k] 的用法。\n\n另一段话。\n\n[k]: https://github.com/kubernetes/kubernetes\n', '# 标题\n\n这里介绍 [kubernetes][k] 的用法。\n\n另一段话。\n\n[k]: https://example.com/docs\n'],
    // `(Beta)` written after three things is a status label, not a definition.
    ['# 标题\n\n功能甲 (BETA) 已经上线。\n\n功能乙 (BETA) 和功能丙 (BETA) 也是。\n', '# 标题\n\n功能甲 (BETA) 已经上线。\n\n功能乙 (BETA) 和功能丙 也是。\n'],
    // A one-word list item among siblings of the same shape is a keyword, not a name.
    ['# 标题\n\n这是一段中文的说明文字。\n\n- tikv\n- consul\n', '# 标题\n\n这是一段中文的说明文字。\n\n- tikv\n- consul 是什么\n'],
  ];
  for (const [before, after] of cases) {
    for (const [a, b] of [[before, after], [after, before]]) {
      const parseCache = new ParseCache();
      const cache = new RuleCache();
      analyzePost(parse(a, config, parseCache), config, {}, cache);
      const post = parse(b, config, parseCache);
      analyzePost(post, config, {}, cache);
      const fresh = parse(b, config);
      analyze(b, config);
      const kept = analyzeTerms(post, config);
      const again = analyzeTerms(fresh, config);
      const view = (t: typeof kept) => JSON.stringify({ hits: t.hits.map((h) => [h.start, h.end, h.cited, h.inDefinition, h.quoted]), tokens: t.tokens, defs: [...t.abbrDefs] });
      assert.equal(view(kept), view(again), `term analysis after ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      const names = (p: Post) => JSON.stringify(postNames(p).runs);
      assert.equal(names(post), names(fresh), `names after ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      assert.deepEqual(analyzePost(post, config, {}, cache), analyze(b, config));
    }
  }
});

test('the renderings pass reads the glosses of the edited blocks only, and the endings of a long gloss in the edited windows only', () => {
  const config = resolveConfig({});
  // `系统设计里面可伸缩性 (scalability)`: a run too long to be the rendering; its ending 可伸缩性 is written elsewhere, in a
  // later paragraph, a table row and a code block (not prose: masked, so not counted).
  const texts = [
    '# 标题\n\n系统设计里面可伸缩性 (scalability) 很重要。\n\n这一段讲别的事情。\n\n| 性质 | 说明 |\n| --- | --- |\n| 可伸缩性 | 好 |\n\n```\n可伸缩性\n```\n\n第三段也讲可伸缩性。\n',
    '# 标题\n\n系统设计里面可伸缩性 (scalability) 很重要。\n\n这一段讲别的事情了。\n\n| 性质 | 说明 |\n| --- | --- |\n| 可伸缩性 | 好 |\n\n```\n可伸缩性\n```\n\n第三段也讲可伸缩性。\n',
    '# 标题\n\n系统设计里面可伸缩性 (scalability) 很重要。\n\n这一段讲别的事情了。\n\n| 性质 | 说明 |\n| --- | --- |\n| 扩展 | 好 |\n\n```\n可伸缩性\n```\n\n第三段也讲扩展。\n',
    '# 标题\n\n系统设计里面可伸缩性 (scalability) 很重要。\n\n这一段讲别的事情了。\n\n| 性质 | 说明 |\n| --- | --- |\n| 扩展 | 好 |\n\n```\n可伸缩性\n```\n\n第三段也讲可伸缩性吗。\n',
  ];
  const view = (p: Post) => JSON.stringify(postRenderings(p).list.map((r) => [r.en, r.zh, r.span.start, r.span.end, r.kind]));
  const zhs: string[][] = [];
  editRuns(texts, config, (_got, memo, post, i) => {
    assert.equal(view(post), view(parse(texts[i], config)), `text ${i}: renderings`);
    zhs.push(postRenderings(post).list.map((r) => r.zh));
    if (i === 0) return;
    // One paragraph changed (and in text 2 a table row too, whose cells share the row's window).
    const changed = i === 2 ? 3 : 1;
    assert.ok((memo['term/renderings']?.computed ?? 0) <= changed, `text ${i}: glosses read in ${memo['term/renderings']?.computed} blocks`);
    assert.ok((memo['term/renderings']?.reused ?? 0) > 0);
    assert.equal(memo['term/ending-words']?.computed, 0, `text ${i}: the same long glosses`);
    assert.ok((memo['term/endings']?.computed ?? 0) <= changed, `text ${i}: endings searched in ${memo['term/endings']?.computed} windows`);
  });
  // Written elsewhere in prose (a paragraph, a table cell): the ending is the rendering; only in code: the gloss stays unread.
  assert.deepEqual(zhs, [['可伸缩性'], ['可伸缩性'], [], ['可伸缩性']]);
});

test('abbr-undefined reads the Latin words of the edited windows only, and joins them again only when they changed', () => {
  const config = resolveConfig({});
  const a = '# 标题\n\n这款手机我们用 QZRT 测试了一周，读数很稳定，我们很满意这次的测试结果。\n\n第二段讲别的事情，续航还不错，我们会继续观察一段时间。\n\n第三段讲屏幕，亮度够用，色彩准确。\n';
  // The initials of English words the post writes spell it (`namedInPost`: weighs against the finding).
  const b = a.replace('第二段讲别的事情', '第二段讲 Quick Zone Read Test 的事情');
  // Chinese typed into the third paragraph: no window's Latin words change.
  const c = b.replace('色彩准确', '色彩也准确');
  const evidence = (fs: ReturnType<typeof analyze>) => JSON.stringify(fs.filter((f) => f.ruleId === 'term/abbr-undefined').map((f) => (f.data as { evidence?: unknown })?.evidence));
  const runs = editRuns([a, b, c, b], config, (got, memo) => ({
    evidence: evidence(got),
    read: memo['term/latin-words']?.computed ?? 0,
    joined: memo['term/latin-words-join']?.computed ?? 0,
  }));
  assert.notEqual(runs[0].evidence, runs[1].evidence, 'the words written in another paragraph change the finding');
  // Read: the four windows, then the edited paragraph; joined: when a paragraph's words changed, not for Chinese typed, and
  // not for a text the post had two runs before (b again: its join is one of the last few kept).
  assert.deepEqual(runs.map((r) => [r.read, r.joined]), [[4, 1], [1, 1], [1, 0], [0, 0]]);
});

test('term/misspelt chooses the names again only when the words of the post change, and finds a slip typed elsewhere', () => {
  const config = resolveConfig({});
  const a = '# 标题\n\n我们用 Grafanix 做监控面板，Grafanix 的告警也很好用，Grafanix 的插件生态也丰富。\n\n第二段讲别的事情，续航还不错。\n\n第三段讲屏幕，亮度够用。\n';
  // A slip of the name three paragraphs use, typed into another paragraph.
  const b = a.replace('第二段讲别的事情', '第二段讲 Grafnix 的事情');
  // A paragraph of Chinese added before them: the words are as they were, the name is first written two lines further down.
  const c = b.replace('# 标题\n\n', '# 标题\n\n新的一段。\n\n');
  const runs = editRuns([a, b, c, b], config, (got, memo) => {
    const choice = memo['term/misspelt-choices-join'];
    const found = got.filter((f) => f.ruleId === 'term/misspelt');
    return [found.length, choice?.computed ?? 0, choice?.reused ?? 0, found.map((f) => /line (\d+)/.exec(f.message)?.[1]).join()];
  });
  // Found in b and c (the choice reused in c, its message naming the line where the name is first written now), and in b again
  // (the choice of two runs before).
  assert.deepEqual(runs, [[0, 1, 0, ''], [1, 1, 0, '3'], [1, 0, 1, '5'], [1, 0, 1, '3']]);
});

test('term/misspelt splits the link targets into words again only when a URL changes', () => {
  const config = resolveConfig({});
  const a = '# 标题\n\n我们用 [Grafanix](https://grafanix.example.com/docs) 做监控面板，Grafanix 的告警也很好用。\n\n第二段讲别的事情。\n\n[ref]: https://example.org/grafanix-guide\n';
  // Chinese typed into a paragraph: every URL as it was.
  const b = a.replace('第二段讲别的事情', '第二段讲别的事情，续航还不错');
  // A link's target changed, then changed back (the join of two runs before).
  const c = b.replace('https://grafanix.example.com/docs', 'https://grafanix.example.com/api');
  const runs = editRuns([a, b, c, b], config, (_got, memo) => [memo['term/link-targets-join']?.computed ?? 0, memo['term/link-targets-join']?.reused ?? 0]);
  assert.deepEqual(runs, [[1, 0], [0, 1], [1, 0], [0, 1]]);
});

test('the names pass joins what the blocks write (for a plural\'s singular) again only when a block writes other names', () => {
  const config = resolveConfig({});
  const a = '# 标题\n\n我们用 Kubernetes 管理 Pods，每个 Pods 都有标签。\n\n第二段讲别的事情。\n\n第三段讲 Helm Charts 的用法。\n';
  // Chinese typed into a paragraph: its names are as they were.
  const b = a.replace('第二段讲别的事情', '第二段讲别的事情，续航还不错');
  // The singular written in another paragraph (editRuns checks each run's findings against a fresh analysis), then Chinese typed
  // again.
  const c = b.replace('第二段讲别的事情', '第二段讲一个 Pod 的事情');
  const d = c.replace('第三段讲', '第三段再讲');
  const runs = editRuns([a, b, c, d], config, (_got, memo) => [memo['term/names-written-join']?.computed ?? 0, memo['term/names-written-join']?.reused ?? 0]);
  assert.deepEqual(runs, [[1, 0], [0, 1], [1, 0], [0, 1]]);
});

test('the term analysis and the names pass keep the short parts of their memo keys in the rule cache, made once per kind of window edge', () => {
  const config = resolveConfig({});
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const lines = text.split('\n');
  const at = lines.slice(0, lines.findIndex((l, i) => i > 0 && lines[i - 1] === '' && /^[\u4e00-\u9fff]/.test(l))).join('\n').length + 1;
  const parseCache = new ParseCache();
  const cache = new RuleCache();
  const held = (name: string) => cache.table(name, () => new Map<number, string>());
  let first: { block: string[]; names: string[] } | undefined;
  for (const t of [text, text.slice(0, at) + '新' + text.slice(at), text]) {
    const post = parse(t, config, parseCache);
    assert.deepEqual(analyzePost(post, config, {}, cache), analyze(t, config));
    const now = { block: [...held('term/block-subs').values()], names: [...held('term/names-subs').values()] };
    // A sub per glossary, first window or not, and character after the window (a line break, the post's end): a handful for 200 windows.
    assert.ok(now.block.length > 0 && now.block.length <= 6, `term/block subs held: ${now.block.length}`);
    assert.ok(now.names.length > 0 && now.names.length <= 12, `term/names subs held: ${now.names.length}`);
    // The same string objects on every run (nothing is made per window and edit).
    if (first) {
      assert.deepEqual(now, first);
      for (const k of ['block', 'names'] as const) assert.ok(now[k].every((x, i) => x === first![k][i]));
    }
    first ??= now;
  }
});

test('the term analysis keeps the hits of every block an edit left, before and after it (relative to the block: the same objects), the names pass the placed runs of the blocks before it; both equal a fresh analysis', () => {
  const config = resolveConfig({});
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  // `新` typed at the start of a paragraph in the middle of the post and one near its end, then taken out again (as bench/edits.ts).
  const lines = text.split('\n');
  const paragraphs = lines.map((_, i) => i).filter((i) => i > 0 && lines[i - 1] === '' && /^[\u4e00-\u9fff]/.test(lines[i]));
  const at = [paragraphs[Math.floor(paragraphs.length / 2)], paragraphs[paragraphs.length - 1]].map((i) => lines.slice(0, i).join('\n').length + 1);
  const texts = [text, text.slice(0, at[0]) + '新' + text.slice(at[0]), text, text.slice(0, at[1]) + '新' + text.slice(at[1]), text];
  const edited = [-1, at[0], at[0], at[1], at[1]];
  let last: { hits: Set<object>; runs: Set<object> } | undefined;
  const counts = editRuns(texts, config, (_got, _memo, post, i) => {
    const terms = analyzeTerms(post, config);
    const names = postNames(post);
    // The rules have run: they placed the hits they read (a few), not every hit.
    const placedByRules = terms.placedCount;
    const fresh = parse(texts[i], config);
    assert.deepEqual(terms.hits, analyzeTerms(fresh, config).hits, `text ${i}: hits equal a fresh analysis`);
    assert.deepEqual(terms.tokens, analyzeTerms(fresh, config).tokens, `text ${i}: tokens equal a fresh analysis`);
    assert.deepEqual(names.runs, postNames(fresh).runs, `text ${i}: runs equal a fresh analysis`);
    const block = post.blocks.find((b) => b.span.start <= edited[i] && edited[i] < b.span.end + 1);
    // Every block but the edited one has the same part: its hits are the last run's objects, before the edit and after it.
    const hits = terms.blockHits.map((h, k) => ({ h, start: terms.hitStart(k) }));
    const keptHits = hits.filter((x) => last?.hits.has(x.h));
    assert.ok(keptHits.every((x) => !inBlock(x.start, block)), `text ${i}: no hit of the edited block is kept`);
    const outside = hits.filter((x) => !inBlock(x.start, block));
    // The names pass: the blocks that end before the edited one are where they were, with the same parts: their runs are the last run's.
    const before = block?.span.start ?? -1;
    const keptRuns = names.runs.filter((x) => last?.runs.has(x));
    assert.ok(keptRuns.every((x) => x.start < before), `text ${i}: only the runs before the edit are kept`);
    const runsBefore = names.runs.filter((x) => x.start < before && !inBlock(x.start, block)).length;
    last = { hits: new Set(terms.blockHits), runs: new Set(names.runs) };
    return { keptHits: keptHits.length, outside: outside.length, after: keptHits.filter((x) => x.start > edited[i]).length, all: hits.length, placedByRules, keptRuns: keptRuns.length, runsBefore };
  });
  for (const [i, c] of counts.entries()) {
    assert.ok(c.placedByRules * 4 <= c.all, `text ${i}: the rules placed ${c.placedByRules} of ${c.all} hits`);
    if (i === 0) continue;
    assert.equal(c.keptHits, c.outside, `text ${i}: the hits of every block the edit left are kept`);
    // (The middle paragraph has hits after it; the last one may have none.)
    if (i <= 2) assert.ok(c.after > 0, `text ${i}: some after the edit`);
    assert.equal(c.keptRuns, c.runsBefore, `text ${i}: the runs before the edit are kept`);
    assert.ok(c.keptRuns > 0, `text ${i}: some are`);
  }
  assert.ok(counts[1].after > counts[3].after, 'an edit further up keeps more hits after it');
});

test('term/mixed places only the hits it reports and fixes (by index, perf35): after an edit, not every hit of a concept written two ways', () => {
  // Only term/mixed (and term/variant's flags, which it reads), in the example post, `新` typed in its middle paragraph and taken out.
  const config = resolveConfig({ rules: { '*': 'off', 'term/mixed': 'warning' } });
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const lines = text.split('\n');
  const paragraphs = lines.map((_, i) => i).filter((i) => i > 0 && lines[i - 1] === '' && /^[\u4e00-\u9fff]/.test(lines[i]));
  const at = lines.slice(0, paragraphs[Math.floor(paragraphs.length / 2)]).join('\n').length + 1;
  const counts = editRuns([text, text.slice(0, at) + '新' + text.slice(at), text], config, (got, _memo, post) => {
    const terms = analyzeTerms(post, config);
    const placed = terms.placedCount;
    // What the rule reports and fixes: each finding's span and its fix-all's spans (the minority's hits); and the flags it reads.
    const spans = new Set(got.filter((f) => f.ruleId === 'term/mixed').flatMap((f) => [f.span.start, ...(f.fixes ?? []).flatMap((x) => x.edits.map((e) => e.span.start))]));
    const flagged = variantFlags(post, config).length;
    let twoWays = 0;
    terms.conceptHits.forEach((hs) => {
      if (new Set(hs.map((i) => terms.blockHits[i].form.text)).size > 1) twoWays += hs.length;
    });
    return { placed, spans: spans.size, flagged, twoWays, findings: got.length };
  });
  for (const [i, c] of counts.entries()) {
    assert.ok(c.findings > 0 && c.twoWays > c.spans, `text ${i}: the post writes concepts two ways (${c.twoWays} hits) and term/mixed reports some (${c.spans} spans)`);
    // (Main placed every hit of such a concept: 47 of the 536 here, for 4 spans.)
    assert.ok(c.placed <= c.spans + c.flagged, `text ${i}: term/mixed placed ${c.placed} hits for ${c.spans} spans and ${c.flagged} flags`);
  }
});

/** Is `at` inside `block` (the edited one)? */
function inBlock(at: number, block: Post['blocks'][number] | undefined): boolean {
  return !!block && block.span.start <= at && at < block.span.end;
}

test('a kept block’s placed hits, tokens and runs are not changed by what other blocks decide (a first definition, a plural’s singular)', () => {
  const config = resolveConfig({});
  // Run b defines DEX in the first paragraph (same length as run a's text there): the second paragraph's definition is then not the
  // first, and its token is no longer part of a definition; the second paragraph has not moved, so its placed tokens are reused.
  // Likewise `pods` is a plural of `Pod` only where the post writes `Pod` (b), and its run in the third paragraph is kept.
  const a = '# 标题\n\n交易平台很多，简称 ABC。我们用 Xyz 管理服务。\n\n去中心化交易所，简称 DEX，DEX 很强。\n\n这里有很多 pods 在运行。\n';
  const b = a.replace('ABC', 'DEX').replace('Xyz', 'Pod');
  assert.equal(a.length, b.length);
  editRuns([a, b, a, b], config, (_got, _memo, post, i) => {
    const fresh = parse(post.text, config);
    const view = (t: ReturnType<typeof analyzeTerms>) => ({ hits: t.hits, tokens: t.tokens, defs: [...t.abbrDefs] });
    assert.deepEqual(view(analyzeTerms(post, config)), view(analyzeTerms(fresh, config)), `text ${i}: the analysis equals a fresh one`);
    assert.deepEqual(postNames(post).runs, postNames(fresh).runs, `text ${i}: the names equal a fresh pass`);
  });
  // (The cases differ: the DEX token of the second paragraph is in a definition in a, the first paragraph's in b; `pods` is spelt
  // `pods` in a, `pod` in b.)
  const marked = (t: string) => analyzeTerms(parse(t, config), config).tokens.filter((x) => x.text === 'DEX' && x.inDefinition).map((x) => x.start);
  assert.deepEqual([marked(a), marked(b)], [[a.indexOf('DEX')], [b.indexOf('DEX')]]);
  assert.notEqual(a.indexOf('DEX'), b.indexOf('DEX'));
  const spelling = (t: string) => postNames(parse(t, config)).runs.find((r) => r.text === 'pods')?.spelling;
  assert.deepEqual([spelling(a), spelling(b)], ['pods', 'pod']);
});

test('a parse through a ParseCache makes the prose view of the edited pieces only, and its view, blocks, suppressions and front matter equal the whole parse', () => {
  const example = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  // What the view masks beyond the tree, in pieces of their own: a run the taming replaces (a delimiter run, an indent past
  // 48 columns), Liquid, a kramdown IAL, a suppression comment, an entity, a bare URL. (No dialect construct: a post with
  // one, `{% raw %}` or `:::` say, has its view made whole.)
  const extra = [
    `强调${'*'.repeat(70)}之后的文字仍是散文。`,
    `${' '.repeat(60)}缩进很深的一行，Liquid {% if site.x %}不算{% endif %} 和 {{ site.url }}。`,
    '一段有属性的文字。\n{: .note}',
    '<!-- zhen-disable-next-line typo/repeated -->\n重复重复的的文字 &amp; https://example.com/x 。',
  ].join('\n\n');
  const cut = example.indexOf('\n\n', example.length >> 1) + 2;
  const text = example.slice(0, cut) + extra + '\n\n' + example.slice(cut);
  const view = (post: Post) =>
    JSON.stringify([post.prose, post.blocks.map((b) => [b.type, b.span.start, b.span.end, b.node.position?.start.offset]), post.suppressions, post.frontMatter && [post.frontMatter.span, post.frontMatter.raw]]);
  const bodies = (t: string) => new Set(planPieces(t, computeLineStarts(t)).map((p) => t.slice(p.start, p.end)));
  let views = 0;
  let changed = 0;
  let edits = 0;
  let pieces = 0;
  withPieceSizes({ min: 256, max: 1024 }, () => {
    for (const seed of [7, 8]) {
      const rnd = random(seed);
      const cache = new ParseCache();
      let post = parsePost(text, { cache });
      pieces = planPieces(text, post.lineStarts).length;
      assert.equal(cache.views, pieces, 'the first parse makes every piece’s view');
      assert.ok(post.text.includes('{% if site.x %}') && /\uE000{3}/.test(post.prose.slice(post.text.indexOf('强调'))), 'the taming and Liquid are in the post');
      for (let k = 0; k < 20; k++) {
        const e = edit(post, rnd);
        if (!e) continue;
        const before = bodies(post.text);
        const fresh = [...bodies(e.text)].filter((b) => !before.has(b)).length;
        const made = cache.views;
        post = parsePost(e.text, { cache });
        edits++;
        views += cache.views - made;
        changed += fresh;
        assert.ok(cache.views - made <= fresh, `seed ${seed} edit ${k}: ${cache.views - made} views made, ${fresh} pieces changed`);
        // The reference: one whole parse, its view made from the whole tree.
        assert.equal(view(post), view(parsePost(e.text, { whole: true })), `seed ${seed} edit ${k} at ${e.at}`);
        const nodes = new Set<unknown>();
        walk(post.root, (n) => void nodes.add(n));
        assert.ok(post.blocks.every((b) => nodes.has(b.node)), `seed ${seed} edit ${k}: a block's node is not in the tree`);
      }
    }
  });
  assert.ok(edits >= 30 && pieces > 12, `${edits} edits, ${pieces} pieces`);
  assert.ok(views <= changed && views < edits * 2, `${views} views made for ${changed} changed pieces in ${edits} edits`);
});

test('after an edit the windows the edit left as they were (key and edges) are kept by the last run’s records', () => {
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const config = resolveConfig();
  const parseCache = new ParseCache();
  const cache = new RuleCache();
  let post = parse(text, config, parseCache, {});
  analyzePost(post, config, {}, cache);
  const rnd = random(11);
  let edits = 0;
  for (let k = 0; k < 12; k++) {
    const e = edit(post, rnd);
    if (!e) continue;
    const lastBefore = new Set(cache.lastWindows);
    const before = new Set(blockWindows(post).map((w) => w.edges + '\u0000' + w.key));
    post = parse(e.text, config, parseCache, {});
    assert.deepEqual(analyzePost(post, config, {}, cache), analyze(e.text, config, {}), `edit ${k}: findings differ from a fresh analysis`);
    edits++;
    const windows = blockWindows(post);
    // A window whose key and edges are as before: its kept record is the last run's object (not one made again per window and edit).
    const same = windows.filter((w) => before.has(w.edges + '\u0000' + w.key));
    assert.ok(same.length >= windows.length - 3, `edit ${k}: ${same.length} of ${windows.length} windows unchanged`);
    const lastNow = cache.lastWindows ?? [];
    assert.equal(lastNow.length, windows.length);
    const again = lastNow.filter((w) => lastBefore.has(w)).length;
    assert.ok(again >= same.length - 2, `edit ${k}: ${again} kept records taken again, ${same.length} windows unchanged`);
  }
  assert.ok(edits >= 8, `${edits} edits`);
});

test('the styled typo rules’ subs are kept by each rule cache (gone with it), not by the module', () => {
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const config = resolveConfig();
  const runIn = (cache: RuleCache) => analyzePost(parse(text, config, new ParseCache()), config, {}, cache);
  const a = new RuleCache();
  const first = runIn(a);
  const made = subsHeld(a);
  assert.ok(made > 0, 'the first run made its subs');
  assert.deepEqual(runIn(a), first);
  assert.equal(subsHeld(a), made, 'a second run of the same text made none');
  // Another document's cache makes its own: nothing of the first one's is shared through the module.
  const b = new RuleCache();
  assert.deepEqual(runIn(b), first);
  assert.equal(subsHeld(b), made, 'a new cache made the same subs again');
});

test('the claim detector’s judgement of a sentence is kept across edits, and judged again when what it reads beyond its block changes', () => {
  const config = resolveConfig();
  // An edit of another paragraph: the claim's judgement is reused (placed at its new offset).
  const claim = '据 IDC 报告，2023 年全球服务器出货量增长了 35%，达到 1200 万台。';
  const post = (heading: string, after: string, other: string) => `# 报告\n\n${other}\n\n## ${heading}\n\n${claim}\n\n${after}\n`;
  const texts = [
    post('市场', '其他内容。', '前言。'),
    post('市场', '其他内容。', '前言，稍长一些。'),
    // the section's heading (`context.sectionOwnTest`), the block right after (`context.nextToOutput`), a table showing the numbers (`context.restates`)
    post('性能测试', '其他内容。', '前言，稍长一些。'),
    post('市场', '```\nrun\n```', '前言，稍长一些。'),
    post('市场', '| a | b |\n| --- | --- |\n| 35% | 1200 |', '前言，稍长一些。'),
    post('市场', '其他内容。', '前言，稍长一些。'),
  ];
  const seen = editRuns(texts, config, (got, memo) => ({
    claims: got.filter((f) => f.ruleId === 'claim/unlinked').map((f) => `${f.severity}:${JSON.stringify((f.data as { signals?: unknown } | undefined)?.signals ?? [])}`).join('|'),
    judge: { ...(memo['claim/judge'] ?? { computed: 0, reused: 0 }) },
  }));
  assert.ok(seen[0].claims.length > 0, 'the claim is found');
  assert.deepEqual(seen[1].judge, { computed: 0, reused: 1 }, 'an edit of another paragraph: the judgement is reused');
  assert.equal(seen[1].claims, seen[0].claims);
  for (const i of [2, 3, 4]) {
    assert.equal(seen[i].judge.computed, 1, `text ${i}: what the judgement reads beyond its block changed: judged again`);
    assert.notEqual(seen[i].claims, seen[1].claims, `text ${i}: the context changes the judgement`);
  }
  assert.deepEqual(seen[5].judge, { computed: 0, reused: 1 }, 'back to the first context: the kept judgement');
});

test('the term rules’ grades (confidence, hover lines, evidence) are kept by the rule cache and made again only for evidence not seen before', () => {
  const text = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const config = resolveConfig();
  const parses = new ParseCache();
  const cache = new RuleCache();
  const made = () => cache.table<GradeTable>(GRADES, () => ({ byKey: new Map(), made: 0 })).made;
  const runOn = (t: string) => analyzePost(parse(t, config, parses), config, {}, cache);
  const first = runOn(text);
  const graded = first.filter((f) => f.data && 'evidence' in f.data).length;
  const n0 = made();
  assert.ok(graded >= 10 && n0 > 0 && n0 <= graded, `${graded} graded findings, ${n0} grades made`);
  // A Chinese character typed at the start of a paragraph moves every later finding but changes no finding's evidence:
  // no grade is made again, and the findings are a fresh analysis's.
  const at = computeLineStarts(text)[63];
  const edited = text.slice(0, at) + '新' + text.slice(at);
  assert.deepEqual(runOn(edited), analyze(edited, config));
  assert.equal(made(), n0, 'no grade made again after an edit that changed no evidence');
  assert.deepEqual(runOn(text), first);
  assert.equal(made(), n0);
  // Another language's grades are other grades (their hover lines): made for that cache's config.
  const zh = resolveConfig({ language: 'zh-cn' });
  const zhCache = new RuleCache();
  const zhFirst = analyzePost(parse(text, zh, new ParseCache()), zh, {}, zhCache);
  assert.deepEqual(zhFirst, analyze(text, zh));
  assert.ok(zhCache.table<GradeTable>(GRADES, () => ({ byKey: new Map(), made: 0 })).made > 0);
});

test('a caption’s look (its first line with prose, a source label on it, a figure title) is kept per window: an edit looks again at the changed windows only, and slices no line of the others', () => {
  const config = resolveConfig();
  const post = (intro: string, caption: string, other: string) =>
    `# 报告\n\n${intro}\n\n![图](a.png)\n_图1 大语言模型价格对比 | ${caption}_\n\n据 IDC 报告，2023 年全球服务器出货量增长了 35%，达到 1200 万台。\n\n<iframe src="https://dune.com/embeds/1/2"></iframe>\n_图2 以太坊单日活跃地址数_\n\n${other}\n`;
  const texts = [
    post('前言。', '数据源：Artificial Analysis', '其他内容。'),
    // another paragraph edited: its window only
    post('前言，稍长一些。', '数据源：Artificial Analysis', '其他内容。'),
    // the caption's source renamed, then its label dropped (no caption-source finding), then back
    post('前言，稍长一些。', '数据源：Gartner', '其他内容。'),
    post('前言，稍长一些。', 'Gartner', '其他内容。'),
    post('前言，稍长一些。', '数据源：Artificial Analysis', '其他内容。'),
  ];
  const seen = editRuns(texts, config, (got, memo, p) => ({
    captions: got.filter((f) => f.ruleId === 'claim/caption-source').map((f) => f.data?.source).join('|'),
    look: { ...(memo['claim/caption-look'] ?? { computed: 0, reused: 0 }) },
    lines: (memo['claim/caption-line']?.computed ?? 0) + (memo['claim/caption-line']?.reused ?? 0),
    paragraphs: p.blocks.filter((b) => b.type === 'paragraph').length,
  }));
  assert.equal(seen[0].captions, 'Artificial Analysis');
  assert.equal(seen[0].look.computed, seen[0].paragraphs, 'a first run looks at every paragraph once');
  for (const [i, s] of seen.entries()) assert.equal(s.lines, 0, `text ${i}: no line looked at by its text (no figure inside a paragraph)`);
  assert.equal(seen[1].look.computed, 1, 'another paragraph edited: its window only');
  assert.ok(seen[1].look.reused >= seen[1].paragraphs - 1, `the other paragraphs' looks reused (${seen[1].look.reused})`);
  assert.equal(seen[2].captions, 'Gartner');
  assert.equal(seen[2].look.computed, 1, 'the caption edited: its window only');
  assert.equal(seen[3].captions, '', 'no label, no caption-source finding');
  assert.ok(seen[3].look.computed <= 1 && seen[4].look.computed <= 1, 'the caption edited again: its window only');
  assert.equal(seen[4].captions, 'Artificial Analysis');
});

test('the claim detector’s per-post counts (first-person share, scenario openings) take the blocks an edit left from the last run: no per-block look-up of the others', () => {
  const config = resolveConfig();
  const claim = '据 IDC 报告，2023 年全球服务器出货量增长了 35%，达到 1200 万台。';
  const filler = Array.from({ length: 12 }, (_, k) => `第 ${k} 段介绍了市场的一些背景。`);
  const post = (paragraphs: string[]) => `# 报告\n\n${paragraphs.join('\n\n')}\n`;
  const base = [...filler.slice(0, 6), '假如我们现在是一个小创业公司，要做一个产品。', claim, ...filler.slice(6)];
  const texts = [
    post(base),
    // another paragraph edited (its own count only)
    post(base.map((p, k) => (k === 2 ? '我觉得这个市场很有意思，我们做了一些测试。' : p))),
    // a paragraph inserted above the claim, then removed again (the blocks after it matched from the end)
    post([...base.slice(0, 3), '我们的测试结果如下。', ...base.slice(3)]),
    post(base),
    // the scenario opening edited away, then back
    post(base.map((p) => (p.startsWith('假如') ? '这是一个普通的段落。' : p))),
    post(base),
  ];
  const seen = editRuns(texts, config, (got, memo, p) => ({
    claims: got.filter((f) => f.ruleId === 'claim/unlinked').length,
    perBlock: (memo['claim/text-count']?.computed ?? 0) + (memo['claim/text-count']?.reused ?? 0) + (memo['claim/text-first']?.computed ?? 0) + (memo['claim/text-first']?.reused ?? 0),
    count: { ...(memo['claim/person-count'] ?? { computed: 0, reused: 0 }) },
    first: { ...(memo['claim/scenario-first'] ?? { computed: 0, reused: 0 }) },
    blocks: p.blocks.length,
  }));
  assert.ok(seen[0].claims > 0, 'the claim is found (so the builtins are asked)');
  assert.ok(seen[0].count.computed >= seen[0].blocks - 1, `a first run counts every block (${seen[0].count.computed} of ${seen[0].blocks})`);
  for (const [i, s] of seen.entries()) {
    assert.equal(s.perBlock, 0, `text ${i}: no per-block look-up of the counts`);
    if (i === 0) continue;
    assert.ok(s.count.computed + s.count.reused <= 2 && s.first.computed + s.first.reused <= 2, `text ${i}: only the changed stretch counted (${JSON.stringify(s)})`);
  }
});

test('the numbers of a post’s tables and code (restated own data) are joined again only when a cell or a code block shows other numbers', () => {
  const config = resolveConfig();
  const claim = '据 IDC 报告，2023 年全球服务器出货量增长了 35%，达到 1200 万台。';
  const post = (intro: string, cell: string, code: string) =>
    `# 报告\n\n${intro}\n\n${claim}\n\n| 年份 | 出货量 |\n| --- | --- |\n| 2023 | ${cell} |\n\n\`\`\`\n${code}\n\`\`\`\n\n其他内容。\n`;
  const texts = [
    post('前言。', '1000', 'total: 35%'),
    post('前言，稍长一些。', '1000', 'total: 35%'), // a paragraph edited: the join reused
    post('前言，稍长一些。', '1200', 'total: 35%'), // the cell now shows the claim's number
    post('前言，稍长一些。', '1200', 'total: 35%\n'), // the code's text changed, not its numbers: reused
    post('前言，稍长一些。', '1000', 'total: 35%'),
  ];
  const seen = editRuns(texts, config, (got, memo) => ({
    claim: got.filter((f) => f.ruleId === 'claim/unlinked').map((f) => f.severity).join('|'),
    join: { ...(memo['claim/own-numbers-join'] ?? { computed: 0, reused: 0 }) },
    cells: memo['claim/own-numbers-cell']?.computed ?? 0,
  }));
  assert.ok(seen[0].claim.length > 0, 'the claim is found (so its numbers are looked for in the tables)');
  assert.deepEqual(seen[0].join, { computed: 1, reused: 0 });
  assert.deepEqual(seen[1].join, { computed: 0, reused: 1 }, 'a paragraph edited: the set reused');
  assert.equal(seen[1].cells, 0, 'no cell read again');
  assert.equal(seen[2].join.computed, 1, 'a cell shows other numbers: joined again');
  assert.equal(seen[2].cells, 2, 'the changed row’s two cells read (a cell’s window is its row)');
  assert.deepEqual(seen[3].join, { computed: 0, reused: 1 }, 'the code changed, not its numbers: reused');
});
