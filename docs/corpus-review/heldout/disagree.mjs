// node disagree.mjs FIRST.json SECOND.json CATS OUT.tsv [ID_PREFIX]
import fs from 'node:fs';
const [fa, fb, cats, out, pre = 'd'] = process.argv.slice(2);
const A = JSON.parse(fs.readFileSync(fa, 'utf8')).posts, B = JSON.parse(fs.readFileSync(fb, 'utf8')).posts;
const C = cats.split(',');
const ov = (x, y) => x.lines[0] <= y.lines[1] && y.lines[0] <= x.lines[1];
const rows = [];
function side(X, Y, who) {
  for (const [post, l] of Object.entries(X)) {
    const o = Y[post]; if (!o) continue;
    for (const e of l.expect) {
      if (!C.includes(e.cat)) continue;
      if (o.expect.some((x) => x.cat === e.cat && ov(x, e))) continue;
      const al = o.allow.find((x) => x.cat === e.cat && ov(x, e));
      const near = [...o.expect, ...o.allow].filter((x) => x.cat === e.cat && x.why && Math.abs(x.lines[0] - e.lines[0]) <= 3)[0];
      rows.push([post, e.lines.join('-'), e.cat, who, al ? 'allow' : 'nothing', (e.why ?? '').replace(/\s+/g, ' '), (near?.why ?? '').replace(/\s+/g, ' ')]);
    }
  }
}
side(A, B, 'first'); side(B, A, 'second');
fs.writeFileSync(out, ['id\tpost\tlines\tfamily\twho expects\tother\texpecting why\tother why', ...rows.map((r, i) => [pre + (i + 1), ...r].join('\t'))].join('\n') + '\n');
console.log(rows.length, 'rows');
