/**
 * Input generation for the fuzzer: a seeded PRNG, mutations of real posts (cut, bytes flipped,
 * lines duplicated, odd characters inserted, front matter broken, fences unclosed, posts spliced),
 * random `.zhen.yml`-ish configs and random editor edit sequences. Everything is a pure function
 * of the seed, so an input is reproduced from (seed, index) alone.
 */

/** sfc32, seeded through a string hash: small, fast, good enough for fuzzing. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: string) {
    let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
    for (let i = 0; i < seed.length; i++) {
      const k = seed.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    this.a = h1 >>> 0; this.b = h2 >>> 0; this.c = h3 >>> 0; this.d = h4 >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }
  /** [0, 1) */
  next(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
}

const CJK = ['中', '文', '的', '测', '试', '，', '。', '、', '「', '」', '《', '》', '：', '；', '！', '？', '（', '）', '…', '—', '　', '“', '”', '‘', '’', '㐀', '〇', 'ー', 'ア', '한'];
const EMOJI = ['🍕', '😀', '👨‍👩‍👧', '🇨🇳', '𠀀', '𝐀', '🏳️‍🌈', '✌🏽'];
const ODD = [
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', // surrogate halves
  '\u200F', '\u200E', '\u202E', '\u202C', '\u2066', '\u061C', // bidi marks
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', // zero-width
  '\u0301', '\u20DD', // combining
  '\u0000', '\u0007', '\r', '\t', '\u000B', '\u000C', '\u0085', '\u2028', '\u2029',
  '\uFFFC', '\uE000', '\uFFFD', '\uFFFF', '\u00A0', '\u3000',
];
const MD = [
  '**', '*', '_', '__', '~~', '`', '```', '~~~', '$', '$$', '[', ']', '](', '](http://x', ')', '![', '<', '>', '&', '&amp;', '&#x1F600;', '&#0;', '\\',
  '<!--', '-->', '<!-- zhen-disable -->', '<!-- zhen-enable -->', '<!-- zhen-disable-next-line -->', '<!-- zhen-disable-line typo -->',
  '{%', '%}', '{{', '}}', '{: .x}', '{::nomarkdown}', '[^1]', '[^1]: ', '[^x]', '|', '| --- |', ':', ': ', '#', '# ', '---', '***', '+++',
  '<img src="a.png">', '<br>', '<details>', '</div>', 'http://', 'https://example.com/a_b', 'www.x.cn', '@', '1. ', '- ', '* ', '> ', '- [ ] ',
];
const WORDS = ['AI', 'GitHub', 'Github', 'github', 'JavaScript', 'javascript', 'API', 'LLM', 'iPhone', 'Node.js', '3.5', '100%', 'GPT-4', 'K8s', 'Kubernetes', '用户', '数据', '研究表明', '据统计', '大约', '人工智能', 'machine learning', 'e.g.', 'v1.2.3', '2024-05-01', 'Mr.', '...', '!!', '，，', '。。', '的的'];

/** A random run of odd characters, syntax and words. */
export function junk(rng: Rng, max = 12): string {
  let s = '';
  const n = rng.int(1, max);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    s += r < 0.25 ? rng.pick(CJK) : r < 0.35 ? rng.pick(EMOJI) : r < 0.5 ? rng.pick(ODD) : r < 0.75 ? rng.pick(MD) : r < 0.9 ? rng.pick(WORDS) : rng.chance(0.5) ? ' ' : '\n';
  }
  return s;
}

const FRONT_MATTER_BREAKS: Array<(fm: string, rng: Rng) => string> = [
  (fm) => fm.replace(/\n---\s*$/, '\n'), // unclosed
  (fm) => fm.replace(/\n/g, '\n\t'), // tab indents
  (fm) => fm + 'title: again\ntitle: twice\n',
  (fm) => fm.replace(/^---/, '---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]'),
  (fm) => fm.replace(/^---/, '---\n: : : [ {\n'),
  (fm) => fm.replace(/^---/, '+++').replace(/---\s*$/, '+++\n'), // YAML in TOML fences
  (fm) => fm.replace(/^---/, '---\ndate: 2024-13-45 99:99\ntags: {a: [}\n'),
  (fm) => fm.replace(/^---/, '---\n- a list\n- not a map\n'),
  (fm) => fm.replace(/^---/, '---\ntitle: "unclosed\n'),
  (fm, rng) => { const i = rng.int(0, fm.length); return fm.slice(0, i) + junk(rng, 6) + fm.slice(i); },
  (fm) => '\n' + fm, // not at start
  (fm) => fm.replace(/^---/, '---\n!!binary |\n  R0lGOD\nx: !!js/function "function(){}"\ny: !custom tag\nz: <<: *nope\n'),
];

function frontMatterEnd(text: string): number {
  const m = /^(?:\uFEFF)?(---|\+\+\+)\r?\n[\s\S]*?\r?\n\1[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? m[0].length : 0;
}

/** A slice of `text` of at most `max` UTF-16 units (possibly splitting a surrogate pair, on purpose). */
function window(rng: Rng, text: string, max: number): string {
  if (text.length <= max) return text;
  const start = rng.chance(0.4) ? 0 : rng.int(0, text.length - max);
  return text.slice(start, start + rng.int(Math.min(max, Math.round(max / 2)), max));
}

type Mutation = (t: string, rng: Rng, other: () => string) => string;

const MUTATIONS: Array<[string, Mutation]> = [
  ['cut', (t, rng) => { const i = rng.int(0, t.length); return rng.chance(0.5) ? t.slice(0, i) : t.slice(i); }],
  ['cut-middle', (t, rng) => { const i = rng.int(0, t.length); const j = rng.int(i, Math.min(t.length, i + 2000)); return t.slice(0, i) + t.slice(j); }],
  ['flip-bytes', (t, rng) => {
    const b = Buffer.from(t, 'utf8');
    const n = rng.int(1, 8);
    for (let k = 0; k < n && b.length; k++) b[rng.int(0, b.length - 1)] ^= 1 << rng.int(0, 7);
    return b.toString('utf8');
  }],
  ['flip-units', (t, rng) => {
    const a = t.split('');
    const n = rng.int(1, 6);
    for (let k = 0; k < n && a.length; k++) a[rng.int(0, a.length - 1)] = String.fromCharCode(rng.int(0, 0xffff));
    return a.join('');
  }],
  ['dup-lines', (t, rng) => {
    const lines = t.split('\n');
    const i = rng.int(0, lines.length - 1);
    const j = Math.min(lines.length, i + rng.int(1, 5));
    const copies = rng.int(1, 4);
    const seg = lines.slice(i, j);
    lines.splice(j, 0, ...Array.from({ length: copies }, () => seg).flat());
    return lines.join('\n');
  }],
  ['swap-lines', (t, rng) => {
    const lines = t.split('\n');
    const i = rng.int(0, lines.length - 1), j = rng.int(0, lines.length - 1);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join('\n');
  }],
  ['insert-junk', (t, rng) => {
    const n = rng.int(1, 10);
    for (let k = 0; k < n; k++) { const i = rng.int(0, t.length); t = t.slice(0, i) + junk(rng) + t.slice(i); }
    return t;
  }],
  ['insert-odd', (t, rng) => {
    const n = rng.int(1, 20);
    for (let k = 0; k < n; k++) { const i = rng.int(0, t.length); t = t.slice(0, i) + rng.pick(rng.chance(0.5) ? ODD : rng.chance(0.5) ? EMOJI : CJK) + t.slice(i); }
    return t;
  }],
  ['break-front-matter', (t, rng) => {
    const end = frontMatterEnd(t);
    const fm = end ? t.slice(0, end) : '---\ntitle: x\ndate: 2024-05-01\n---\n';
    return rng.pick(FRONT_MATTER_BREAKS)(fm, rng) + t.slice(end);
  }],
  ['unclose-fence', (t, rng) => {
    const lines = t.split('\n');
    const fences = lines.map((l, i) => (/^\s*(```|~~~)/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (fences.length && rng.chance(0.6)) lines.splice(rng.pick(fences), 1);
    else lines.splice(rng.int(0, lines.length), 0, rng.pick(['```', '~~~', '```js', '$$', '<div>', '<!--', '{% highlight %}', '<pre>']));
    return lines.join('\n');
  }],
  ['line-endings', (t, rng) => {
    const r = rng.next();
    if (r < 0.4) return t.replace(/\n/g, '\r\n');
    if (r < 0.6) return t.replace(/\n/g, '\r');
    return t.replace(/\n/g, () => rng.pick(['\n', '\r\n', '\r', '\n']));
  }],
  ['bom', (t) => '\uFEFF' + t],
  ['splice', (t, rng, other) => { const o = other(); const i = rng.int(0, t.length); const j = rng.int(0, o.length); return t.slice(0, i) + o.slice(j, j + rng.int(0, 4000)) + t.slice(i); }],
  ['nest', (t, rng) => {
    const lines = t.split('\n');
    const i = rng.int(0, lines.length - 1);
    const unit = rng.pick(['> ', '- ', '1. ', '  ', '> - ', '* ']);
    lines[i] = unit.repeat(rng.int(1, 60)) + lines[i];
    return lines.join('\n');
  }],
  ['emphasis-run', (t, rng) => { const i = rng.int(0, t.length); return t.slice(0, i) + rng.pick(['*', '_', '~', '`', '[', '<', '$']).repeat(rng.int(2, 200)) + t.slice(i); }],
  ['table', (t, rng) => {
    const cols = rng.int(1, 6);
    const row = () => '|' + Array.from({ length: cols }, () => junk(rng, 3).replace(/\n/g, ' ')).join('|') + '|';
    const tbl = [row(), '|' + '---|'.repeat(cols), ...Array.from({ length: rng.int(0, 8) }, row)].join('\n');
    const i = rng.int(0, t.length);
    return t.slice(0, i) + '\n' + tbl + '\n' + t.slice(i);
  }],
  ['long-line', (t, rng) => { const i = rng.int(0, t.length); return t.slice(0, i) + rng.pick(['中文AI', 'a', '中', 'x ', '，', '🍕', '万', '三四', 'a.']).repeat(rng.int(100, 3000)) + t.slice(i); }],
];

export interface GeneratedInput {
  text: string;
  mutations: string[];
  source: string;
}

/**
 * One fuzz input: a window of a real post (or a fixture, or nothing), then 1–5 mutations.
 * Sizes stay mostly within 1–20 KB.
 */
export function generateInput(rng: Rng, sources: readonly string[], read: (i: number) => string): GeneratedInput {
  const pickSource = () => {
    const i = rng.int(0, sources.length - 1);
    return { name: sources[i], text: read(i) };
  };
  let base: { name: string; text: string };
  const r = rng.next();
  if (r < 0.03 || !sources.length) base = { name: '(junk)', text: junk(rng, 200) };
  else base = pickSource();
  // Sizes log-uniform from 500 to 20,000 characters (median about 3,000); a few up to 60,000.
  const max = rng.chance(0.97) ? Math.round(500 * Math.pow(40, rng.next())) : 60000;
  let text = window(rng, base.text, max);
  const mutations: string[] = [];
  const n = rng.int(rng.chance(0.1) ? 0 : 1, 5);
  for (let k = 0; k < n; k++) {
    const [name, m] = rng.pick(MUTATIONS);
    mutations.push(name);
    text = m(text, rng, () => window(rng, pickSource().text, 8000));
    if (text.length > 120000) text = text.slice(0, 120000);
  }
  return { text, mutations, source: base.name };
}

const SEVS = ['off', 'hint', 'info', 'warning', 'error'];
const RULE_KEYS = ['*', 'typo', 'term', 'claim', 'front-matter', 'typo/*', 'typo/cjk-latin-spacing', 'typo/punctuation', 'typo/repeated', 'typo/emphasis-cjk', 'typo/stray-punctuation', 'term/variant', 'term/mixed', 'term/abbr-undefined', 'term/sense', 'term/cross-post', 'claim/unlinked', 'claim/caption-source', 'front-matter/required', 'front-matter/date', 'front-matter/type', 'front-matter/unknown-key', 'nope/rule'];
const OPTION_VALUES = ['true', 'false', '0', '-1', '1e9', '""', '"x"', '[]', '{}', 'null', '[a, b]', '{a: 1}', '"中文"', '.inf'];

/** A random `.zhen.yml`-ish text: mostly plausible, sometimes broken or mistyped. */
export function generateConfig(rng: Rng): string {
  const lines: string[] = [];
  if (rng.chance(0.5)) lines.push(`language: ${rng.pick(['en', 'zh-cn', 'zh', 'fr', '42', '[en]'])}`);
  if (rng.chance(0.7)) {
    lines.push('rules:');
    for (let i = rng.int(1, 6); i > 0; i--) {
      const key = rng.pick(RULE_KEYS);
      if (rng.chance(0.6)) lines.push(`  ${key}: ${rng.chance(0.9) ? rng.pick(SEVS) : rng.pick(OPTION_VALUES)}`);
      else {
        lines.push(`  ${key}:`, `    severity: ${rng.pick([...SEVS, 'loud'])}`);
        for (const opt of ['autofix', 'style', 'allow', 'minLength', 'ignore', 'terms', 'mode', 'required', 'max']) if (rng.chance(0.2)) lines.push(`    ${opt}: ${rng.pick(OPTION_VALUES)}`);
      }
    }
  }
  if (rng.chance(0.5)) {
    lines.push('glossary:');
    for (let i = rng.int(0, 4); i > 0; i--) {
      const parts: string[] = [];
      if (rng.chance(0.7)) parts.push(`zh: ${rng.pick(['人工智能', '大语言模型', '"容器"', '[云原生, 云端原生]', '""', '1'])}`);
      if (rng.chance(0.7)) parts.push(`en: ${rng.pick(['artificial intelligence', 'Large Language Model', 'container', '[cloud native, cloud-native]', '""', 'a'])}`);
      if (rng.chance(0.5)) parts.push(`abbr: ${rng.pick(['AI', 'LLM', 'K8s', '[A, B]', '""', 'x'])}`);
      if (rng.chance(0.3)) parts.push(`variants: ${rng.pick(['[Github, github]', '[AI]', '[""]', 'x', '[中文]'])}`);
      if (rng.chance(0.2)) parts.push(`avoid: ${rng.pick(['[人工智慧]', '[a]', '[""]'])}`);
      if (rng.chance(0.2)) parts.push(`link: ${rng.pick(['https://x.org', 'ftp://x', 'not a url'])}`);
      lines.push(parts.length ? `  - { ${parts.join(', ')} }` : '  - {}');
    }
  }
  if (rng.chance(0.4)) {
    lines.push('sources:');
    for (let i = rng.int(0, 3); i > 0; i--) lines.push(`  - { name: ${rng.pick(['IDC', 'Gartner', '""', '中国信通院'])}, url: ${rng.pick(['https://idc.com', 'idc.com', '"javascript:alert(1)"', 'https://gartner.com/x?a=1'])}${rng.chance(0.3) ? ', aliases: [国际数据公司, ""]' : ''} }`);
  }
  if (rng.chance(0.3)) lines.push('markdown:', `  singleDollarMath: ${rng.pick(['true', 'false', 'yes', '1'])}`);
  if (rng.chance(0.3)) lines.push('typography:', `  ${rng.pick(['quotes', 'ellipsis', 'dash', 'fullwidth', 'spacing'])}: ${rng.pick(OPTION_VALUES)}`);
  if (rng.chance(0.2)) lines.push('claims:', `  cues: ${rng.pick(['[研究表明]', '[""]', 'x', '[a, b]'])}`);
  if (rng.chance(0.2)) lines.push('frontMatter:', `  ${rng.pick(['schema', 'required', 'generator', 'taxonomies'])}: ${rng.pick(OPTION_VALUES)}`);
  if (rng.chance(0.1)) lines.push(`${rng.pick(['rulez', 'glosary', 'x'])}: 1`);
  let text = lines.join('\n') + '\n';
  if (rng.chance(0.1)) { const i = rng.int(0, text.length); text = text.slice(0, i) + junk(rng, 4) + text.slice(i); }
  if (rng.chance(0.03)) text = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n' + text;
  return text;
}

/** A random editor change to `text`: an insertion, a deletion or a replacement, as offsets. */
export function randomEdit(rng: Rng, text: string): { start: number; end: number; newText: string } {
  const start = rng.int(0, text.length);
  const r = rng.next();
  if (r < 0.45) return { start, end: start, newText: rng.chance(0.3) ? rng.pick(['\n', ' ', '中', 'A', '**', '`', '---\n', '- ', '> ']) : junk(rng, 6) };
  const end = Math.min(text.length, start + rng.int(0, rng.chance(0.8) ? 20 : 2000));
  return { start, end, newText: r < 0.7 ? '' : junk(rng, 6) };
}
