// Agreement between two blind readings of the same posts (dev-set format, see README.md beside this file).
// usage: node agree.mjs FIRST.json SECOND.json [--cats claim,term] [--list]
// For each family: how many of one reader's `expect` spans the other also expects (overlapping lines), how many
// the other only allows, and how many the other leaves unmarked; --list prints every span that is not agreed.
import fs from 'node:fs';

const [a, b] = process.argv.slice(2, 4).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')).posts);
const catsArg = process.argv.indexOf('--cats');
const cats = catsArg > 0 ? process.argv[catsArg + 1].split(',') : ['claim', 'term', 'typo', 'front-matter'];
const list = process.argv.includes('--list');
const overlaps = (x, y) => x.lines[0] <= y.lines[1] && y.lines[0] <= x.lines[1];

function side(from, to, name) {
  const rows = {};
  for (const [post, labels] of Object.entries(from)) {
    const other = to[post];
    if (!other) continue;
    for (const e of labels.expect) {
      if (!cats.includes(e.cat)) continue;
      const r = (rows[e.cat] ??= { expect: 0, agreed: 0, allowed: 0, unmarked: 0 });
      r.expect++;
      if (other.expect.some((o) => o.cat === e.cat && overlaps(o, e))) r.agreed++;
      else if (other.allow.some((o) => o.cat === e.cat && overlaps(o, e))) {
        r.allowed++;
        if (list) console.log(`${name} expects, other allows   ${post}:${e.lines.join('-')} ${e.cat}: ${e.why ?? ''}`);
      } else {
        r.unmarked++;
        if (list) console.log(`${name} expects, other nothing  ${post}:${e.lines.join('-')} ${e.cat}: ${e.why ?? ''}`);
      }
    }
  }
  return rows;
}

const ab = side(a, b, 'first');
const ba = side(b, a, 'second');
for (const cat of cats) {
  const x = ab[cat] ?? { expect: 0, agreed: 0, allowed: 0, unmarked: 0 };
  const y = ba[cat] ?? { expect: 0, agreed: 0, allowed: 0, unmarked: 0 };
  if (!x.expect && !y.expect) continue;
  console.log(`${cat.padEnd(12)} first expects ${x.expect}: second expects ${x.agreed}, allows ${x.allowed}, nothing ${x.unmarked} | ` +
    `second expects ${y.expect}: first expects ${y.agreed}, allows ${y.allowed}, nothing ${y.unmarked}`);
}
