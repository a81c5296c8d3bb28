// Agreement between two blind readings of the same posts (dev-set format, see README.md beside this file).
// usage: node agree.mjs FIRST.json SECOND.json [--cats claim,term] [--list] [--tsv OUT.tsv [--prefix ID]]
// For each family: how many of one reader's `expect` spans the other also expects (overlapping lines), how many
// the other only allows, and how many the other leaves unmarked; --list prints every span that is not agreed;
// --tsv writes them as the adjudicator's rows (id, post, lines, family, who expects, the other's mark, the
// expecting reader's why, the other reader's nearest why within three lines).
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Do two labels' line spans overlap? */
export const overlaps = (x, y) => x.lines[0] <= y.lines[1] && y.lines[0] <= x.lines[1];

/** Each `expect` span of `from` (in `cats`) with what `to` marks there: 'expect', 'allow' or 'nothing'. */
function compare(from, to, cats) {
  const out = [];
  for (const [post, labels] of Object.entries(from)) {
    const other = to[post];
    if (!other) continue;
    for (const e of labels.expect) {
      if (!cats.includes(e.cat)) continue;
      const mark = other.expect.some((o) => o.cat === e.cat && overlaps(o, e)) ? 'expect'
        : other.allow.some((o) => o.cat === e.cat && overlaps(o, e)) ? 'allow' : 'nothing';
      const near = [...other.expect, ...other.allow].find((x) => x.cat === e.cat && x.why && Math.abs(x.lines[0] - e.lines[0]) <= 3);
      out.push({ post, e, mark, near });
    }
  }
  return out;
}

function main() {
  const argv = process.argv;
  const [a, b] = argv.slice(2, 4).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')).posts);
  const opt = (name) => (argv.indexOf(name) > 0 ? argv[argv.indexOf(name) + 1] : undefined);
  const cats = (opt('--cats') ?? 'claim,term,typo,front-matter').split(',');
  const sides = [['first', compare(a, b, cats)], ['second', compare(b, a, cats)]];
  const flat = (s) => (s ?? '').replace(/\s+/g, ' ');
  if (argv.includes('--list')) {
    for (const [who, rows] of sides) for (const r of rows) if (r.mark !== 'expect')
      console.log(`${who} expects, other ${r.mark === 'allow' ? 'allows  ' : 'nothing '} ${r.post}:${r.e.lines.join('-')} ${r.e.cat}: ${r.e.why ?? ''}`);
  }
  const tsv = opt('--tsv');
  if (tsv) {
    const prefix = opt('--prefix') ?? 'd';
    const rows = sides.flatMap(([who, rows]) => rows.filter((r) => r.mark !== 'expect').map((r) => [r.post, r.e.lines.join('-'), r.e.cat, who, r.mark, flat(r.e.why), flat(r.near?.why)]));
    fs.writeFileSync(tsv, ['id\tpost\tlines\tfamily\twho expects\tother\texpecting why\tother why', ...rows.map((r, i) => [prefix + (i + 1), ...r].join('\t'))].join('\n') + '\n');
    console.log(`${rows.length} rows to ${tsv}`);
  }
  const count = (rows, cat) => {
    const c = { expect: 0, agreed: 0, allowed: 0, unmarked: 0 };
    for (const r of rows) if (r.e.cat === cat) { c.expect++; c[{ expect: 'agreed', allow: 'allowed', nothing: 'unmarked' }[r.mark]]++; }
    return c;
  };
  for (const cat of cats) {
    const [x, y] = sides.map(([, rows]) => count(rows, cat));
    if (!x.expect && !y.expect) continue;
    console.log(`${cat.padEnd(12)} first expects ${x.expect}: second expects ${x.agreed}, allows ${x.allowed}, nothing ${x.unmarked} | ` +
      `second expects ${y.expect}: first expects ${y.agreed}, allows ${y.allowed}, nothing ${y.unmarked}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
