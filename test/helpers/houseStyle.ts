/**
 * The one shape every learnt typography choice is tested in (issue #19 item 1): a post that writes a
 * choice another way throughout gets exactly one typo/house-style finding whose message names the
 * places, the places themselves are hints tagged with the choice, and its "Keep this style" action
 * writes the choice to `.zhen.yml`, after which neither the places nor the house-style finding are
 * reported. Each test keeps its own fix-all assertions (what the fixed text reads differs per choice).
 */
import assert from 'node:assert/strict';
import { addToConfigList, analyze, applyEdits, loadConfigText, type Finding } from '../../server/src/core/index';

export const houseStyleOf = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/house-style');

export interface LearntChoice {
  post: string;
  /** The `.zhen.yml` text the post is checked with (default: none). */
  yml?: string;
  /** The typography key learnt, as in `data.houseStyle` and the Keep action's config edit. */
  key: string;
  /** The places of the choice among the findings. */
  places: (fs: Finding[]) => Finding[];
  count: number;
  /** What the house-style finding says about them. */
  message: RegExp;
}

/** Asserts the shape above; returns the findings and the house-style finding for further checks. */
export function assertLearntChoice({ post, yml = '', key, places, count, message }: LearntChoice): { findings: Finding[]; house: Finding } {
  const fs = analyze(post, loadConfigText(yml).config);
  assert.equal(places(fs).length, count);
  assert.ok(places(fs).every((f) => f.severity === 'hint' && f.data?.houseStyle === key), JSON.stringify(places(fs).map((f) => [f.severity, f.data?.houseStyle])));
  const hs = houseStyleOf(fs);
  assert.equal(hs.length, 1);
  assert.match(hs[0].message, message);
  const keep = hs[0].fixes!.find((x) => x.configEdit)!;
  assert.deepEqual(keep.configEdit, { key: 'typography', item: { [key]: false } });
  const kept = applyEdits(yml, [addToConfigList(yml, 'typography', keep.configEdit!.item)]);
  const after = analyze(post, loadConfigText(kept).config);
  assert.deepEqual([...places(after), ...houseStyleOf(after)], []);
  return { findings: fs, house: hs[0] };
}
