/**
 * The hover assembly (core/hover.ts, issue #19): a finding's title does not repeat its rule id
 * (the editor shows it with the diagnostic), a line is said once, and bullets quoting overlapping
 * text of the post (a claim's cues) are one bullet quoting their union.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, hoverAt, parse } from '../server/src/core/index';
import { assembleHover } from '../server/src/core/hover';

test('assembleHover: no rule id in titles, each line once, overlapping quotes merged', () => {
  const text = '据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。';
  const span = { start: 0, end: text.length - 1 };
  const claim = '**Unlinked claim** (`claim/unlinked`)\n\n- Raised by the reporting phrase “据 Demandsage 报告显示”.\n- Raised by the reporting phrase “报告显示”.\n- Raised by the statistic “吸引了一亿”.\n- Raised by the statistic “一亿用户”.\n- Raised by the statistic “两个月”.\n\nAdd a link.';
  const md = assembleHover(text, [
    { markdown: claim, ruleId: 'claim/unlinked', span },
    { markdown: claim, ruleId: 'claim/unlinked', span }, // the same finding twice: said once
    { markdown: '**ChatGPT** · OpenAI' },
  ]);
  assert.equal(md, '**Unlinked claim**\n\n- Raised by the reporting phrase “据 Demandsage 报告显示”.\n- Raised by the statistic “吸引了一亿用户”.\n- Raised by the statistic “两个月”.\n\nAdd a link.\n\n---\n\n**ChatGPT** · OpenAI');
  // A quote that is not in the finding's span, or another kind of cue, stays as it is.
  assert.equal(assembleHover('吸引了一亿用户', [{ markdown: '- A “吸引了一亿”.\n- B “一亿用户”.', span: { start: 0, end: 7 } }]), '- A “吸引了一亿”.\n- B “一亿用户”.');
});

test('the claim hover on the example post names each cue once, and the rule only with the diagnostic', () => {
  const example = readFileSync(join(__dirname, '..', '..', 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const post = parse(example);
  const findings = analyze(example, {});
  const claim = findings.find((f) => f.ruleId === 'claim/unlinked' && example.slice(f.span.start, f.span.end).includes('Demandsage'))!;
  const md = hoverAt(post, claim.span.start + 1, findings)!.markdown;
  assert.doesNotMatch(md, /`claim\/unlinked`/);
  const cues = md.split('\n').filter((l) => l.startsWith('- '));
  const quoted = cues.map((l) => /“(.+)”/.exec(l)![1]);
  for (const a of quoted) for (const b of quoted) if (a !== b) assert.ok(!a.includes(b), `“${b}” is said inside “${a}”`);
  assert.equal(new Set(cues).size, cues.length);
});
