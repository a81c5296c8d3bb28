#!/usr/bin/env python3
"""Builds data/glossary/translations.json: glossary concepts from the translation glossaries in
../shared/corpus/glossaries/glossary-sources.tsv (9 sources, licenses in ../shared/corpus/MANIFEST.tsv)
and from renderings found in the corpus (`中文（English）` / `English（中文）` written in 2+ posts).
Each variant records where it was seen (`seen`). Concepts the bundled glossary already has are left
out; so are rows rejected on review (REJECT below). Run: python3 scripts/glossary-import.py ../shared/corpus
"""
import json, os, re, sys, collections

corpus = sys.argv[1]
root = os.path.join(os.path.dirname(__file__), '..')
gdir = os.path.join(root, 'data', 'glossary')
SKIP_FILES = {'names.json', 'known-words.json', 'abbreviations.json', 'well-known.json', 'capital-words.json', 'translations.json', 'translations-seen.json'}

def forms_of(e):
    out = []
    for k in ('zh', 'en', 'abbr', 'variants', 'avoid'):
        v = e.get(k)
        out += v if isinstance(v, list) else [v] if isinstance(v, str) else []
    return out

existing = set()
existing_ids = set()
for f in os.listdir(gdir):
    if f.endswith('.json') and f not in SKIP_FILES:
        entries = json.load(open(os.path.join(gdir, f)))
        # concept files are lists of entries; the other data files (word lists, the confidence
        # model) are not glossaries
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            continue
        for e in entries:
            existing_ids.add(e.get('id'))
            for x in forms_of(e):
                existing.add(x.lower())
            for sense in e.get('senses', []):
                for x in (sense.get('en'), sense.get('zh')):
                    if x:
                        existing.add(x.lower())

# Rows read and rejected on review: not a term (a sentence, a phrase), a one-character or generic
# rendering that would match everywhere, or an English headword that is a common word with no
# fixed rendering. English (lower case) or Chinese.
REJECT = set(l.strip() for l in open(os.path.join(os.path.dirname(__file__), 'glossary-reject.txt'), encoding='utf8') if l.strip() and not l.startswith('#'))

SRC = {}
rows = []
with open(os.path.join(corpus, 'glossaries', 'glossary-sources.tsv'), encoding='utf8') as fh:
    head = fh.readline().rstrip('\n').split('\t')
    for line in fh:
        r = dict(zip(head, line.rstrip('\n').split('\t')))
        rows.append(r)
        SRC[r['source']] = r['license']

CJK = re.compile(r'[\u4e00-\u9fff]')

def clean_zh(z):
    z = z.strip().strip('。.，,')
    m = re.match(r'^(.*?)[（(]([^）)]*)[）)]$', z)
    latin = None
    if m and CJK.search(m.group(1)) and not CJK.search(m.group(2)):
        z, latin = m.group(1).strip(), m.group(2).strip()
    elif m and not CJK.search(m.group(1)) and CJK.search(m.group(2)):
        latin, z = m.group(1).strip(), m.group(2).strip()
    return z, latin

def split_en(en):
    en = en.strip()
    abbr = None
    m = re.match(r'^(.*?)\s*\(([A-Za-z0-9-]{2,10})\)$', en)
    if m and re.search(r'[A-Z]', m.group(2)):
        en, abbr = m.group(1).strip(), m.group(2)
    m = re.match(r'^([A-Z][A-Z0-9]{1,9})\s*\((.+)\)$', en)
    if m:
        abbr, en = m.group(1), m.group(2).strip()
    return en, abbr

def norm_en(en):
    # Headwords are capitalised in some glossaries (`Mainnet`, `Critique Model`): lower-case them unless
    # the word carries inner capitals or is all capitals (a name or an abbreviation).
    words = en.split()
    if all(re.fullmatch(r"[A-Z][a-z0-9'-]*|[a-z0-9'-]+|of|and|the|to|in|for", w) for w in words):
        return en.lower()
    return en

groups = collections.OrderedDict()
for r in rows:
    en, abbr = split_en(r['english'])
    if not en or '/' in en or '...' in r['chinese']:
        continue
    key = en.lower()
    g = groups.setdefault(key, {'en': norm_en(en), 'abbr': abbr, 'zh': [], 'avoid': [], 'seen': collections.OrderedDict(), 'contexts': set(), 'sources': []})
    if abbr and not g['abbr']:
        g['abbr'] = abbr
    if r['context']:
        g['contexts'].add(r['context'])
    g['sources'].append(r['source'])
    # Section headings of a documentation template (`总结` for "Conclusion") are no terms.
    if re.search(r'标题|章节|小节|heading', r['context'] + r['note']):
        continue
    zs = [clean_zh(re.sub(r'[（(][^）)]*[）)]$', '', z.strip()) if CJK.search(re.sub(r'[（(][^）)]*[）)]$', '', z.strip())) else z) for z in re.split(r'\||/', r['chinese']) if z.strip()]
    first = True
    for z, latin in zs:
        if not CJK.search(z):
            continue
        # Other contexts give other senses: only the first row's renderings become spellings of one concept.
        if len(g['contexts']) > 1 and not first:
            break
        if z not in g['zh'] and (not g['zh'] or len(g['contexts']) <= 1):
            g['zh'].append(z)
        g['seen'].setdefault(z, []).append(r['source'])
        first = False
    for f in r['forbidden'].split('|'):
        f = f.strip()
        if f and CJK.search(f) and f not in g['avoid']:
            g['avoid'].append(f)
            g['seen'].setdefault(f, []).append(r['source'] + ' (forbidden)')
    g['seen'].setdefault(g['en'], []).append(r['source'])

def slug(s):
    return re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')[:60]

DOMAIN = {'kubernetes-zh-cn': 'cloud', 'mdn-zh-cn': 'web', 'pingcap-tidb-terms': 'data', 'pingcap-translation-terms': 'data',
          'ethereum.org-zh': 'crypto', 'ethfans-crypto-terms': 'crypto', 'd2l-zh': 'ai', 'tensorflow-handbook': 'ai', 'agentic-design-patterns-cn': 'ai'}

out = []
ids = set(existing_ids)
rejected = 0
for key, g in groups.items():
    zh = [z for z in g['zh'] if len(z) >= 2]
    if not zh or key in REJECT or any(z in REJECT for z in zh):
        rejected += 1
        continue
    if key in existing or (g['abbr'] or '').lower() in existing or any(z.lower() in existing for z in zh):
        continue
    # Alternatives stay only where they are synonyms a reader could mix: three or more characters each,
    # neither inside the other (`命名空间 | 名字空间`, not `限制 | 限值` or `清单 | 清单文件`).
    alts = [z for z in zh[1:] if len(z) >= 3 and len(zh[0]) >= 3 and z not in zh[0] and zh[0] not in z]
    e = {'id': slug(key) or slug(zh[0]), 'zh': zh[0], 'en': g['en']}
    if e['id'] in ids:
        e['id'] += '-' + str(len(out))
    ids.add(e['id'])
    if g['abbr']:
        e['abbr'] = g['abbr']
    if alts:
        e['variants'] = alts
    if g['avoid']:
        e['avoid'] = g['avoid']
    e['domain'] = DOMAIN.get(g['sources'][0], 'general')
    e['seen'] = {f: sorted(set(s)) for f, s in g['seen'].items() if f in [e['zh'], e['en'], *alts, *g['avoid']]}
    out.append(e)

# Renderings found in the corpus: `中文（English）` written in two or more posts.
STOP = '的是在了和与或用为即称叫这该个种把被对从到将以及由于中上下里'
re1 = re.compile(r'([\u4e00-\u9fff]{2,12})\s*[（(]\s*([A-Za-z][A-Za-z\- ]{1,40}[A-Za-z])\s*[)）]')
re2 = re.compile(r'(?<![A-Za-z])([A-Za-z][A-Za-z\- ]{1,40}[A-Za-z])\s*[（(]\s*([\u4e00-\u9fff]{2,10})\s*[)）]')
labelled = set(json.load(open(os.path.join(corpus, 'labelled', 'expected.json')))['posts'])
posts = collections.defaultdict(set)
for kind in ('posts', 'sites'):
    for site in sorted(os.listdir(os.path.join(corpus, kind))):
        for dp, dn, fn in os.walk(os.path.join(corpus, kind, site)):
            for f in sorted(fn):
                if not re.search(r'\.(md|mdx|markdown)$', f):
                    continue
                p = os.path.join(dp, f)
                rel = os.path.relpath(p, corpus)
                if rel in labelled:
                    continue
                t = open(p, encoding='utf8', errors='replace').read()
                t = re.sub(r'^(```|~~~)[\s\S]*?^\1', '', t, flags=re.M)
                t = re.sub(r'`[^`\n]*`', ' ', t)
                for m in re1.finditer(t):
                    zh, en = m.group(1), m.group(2).strip()
                    cut = max(zh.rfind(c) for c in STOP)
                    if cut >= 0:
                        zh = zh[cut + 1:]
                    if len(zh) >= 2 and len(en) >= 3 and not (en.isupper() and ' ' not in en):
                        posts[(en.lower(), zh)].add(rel)
                for m in re2.finditer(t):
                    en, zh = m.group(1).strip(), m.group(2)
                    if len(en) >= 3 and not (en.isupper() and ' ' not in en):
                        posts[(en.lower(), zh)].add(rel)
counts = collections.Counter()
for (en, zh), s in posts.items():
    counts[(en, zh)] = len(s)
have = set(existing) | {e['en'].lower() for e in out} | {e['zh'] for e in out}
by_en = collections.defaultdict(list)
for (en, zh), n in counts.items():
    by_en[en].append((n, zh))
added = 0
for en, lst in sorted(by_en.items()):
    lst.sort(reverse=True)
    n, zh = lst[0]
    # Written in two or more posts.
    if en in REJECT or zh in REJECT or en in have or zh in have or n < 2:
        continue
    seen_posts = [p for p in posts[(en, zh)]]
    if len(seen_posts) < 1:
        continue
    # Written in two or more posts (counted as post mentions above): the same pair in one post twice does not count.
    total = sum(1 for (e2, z2), s in posts.items() if e2 == en and z2 == zh)
    if counts[(en, zh)] < 1:
        continue
    e = {'id': 'corpus-' + slug(en), 'zh': zh, 'en': en, 'domain': 'general', 'seen': {zh: sorted(set(seen_posts)), en: sorted(set(seen_posts))}}
    if e['id'] in ids:
        continue
    ids.add(e['id'])
    out.append(e)
    have.add(en); have.add(zh)
    added += 1

# ---- Review decisions (scripts/glossary-review.tsv): every imported concept was read; fixes and rejections.
REVIEW = {}
for line in open(os.path.join(os.path.dirname(__file__), 'glossary-review.tsv'), encoding='utf8'):
    if not line.strip() or line.startswith('#'):
        continue
    cid, decision, why = (line.rstrip('\n').split('\t') + ['', ''])[:3]
    REVIEW[cid] = (decision, why)
unknown = set(REVIEW) - {e['id'] for e in out}
assert not unknown, f'review decisions for unknown ids: {sorted(unknown)}'
reviewed = []
reviewed_out = 0
for e in out:
    decision, why = REVIEW.get(e['id'], ('ok', ''))
    if decision == 'reject':
        reviewed_out += 1
        continue
    note = 'reviewed: ' + why if why else 'reviewed'
    for d in decision.split(';'):
        if d == 'ok' or not d:
            continue
        k, v = d.split('=', 1) if '=' in d else (d, '')
        if k == 'variants+':
            for x in v.split(','):
                e.setdefault('variants', [])
                if x not in e['variants']:
                    e['variants'].append(x)
                    e['seen'].setdefault(x, []).append(note)
        elif k == 'variants-':
            for x in v.split(','):
                if x in e.get('variants', []):
                    e['variants'].remove(x)
                    e['seen'].pop(x, None)
                if x in e.get('avoid', []):
                    e['avoid'].remove(x)
            if 'variants' in e and not e['variants']:
                e.pop('variants')
            if 'avoid' in e and not e['avoid']:
                e.pop('avoid')
        elif k == 'avoid':
            for x in e.pop('avoid', []):
                e['seen'].pop(x, None)
        elif k in ('zh', 'en', 'abbr'):
            old = e.get(k)
            e[k] = v
            # A tidied headword (English), or a Chinese wording the source wrote inside its cell (`（权限）回收` → 回收,
            # `常数，常量` → 常量): the source's credit moves to it. Another Chinese word (TiDB's terms table writes
            # `data directory | 数据路径`; the review made 数据目录 preferred; `正序` → 升序, `合约帐户` → 合约账户) is the review's
            # wording, not the source's: the credit stays on the wording the source wrote (session 19; moving it said
            # pingcap-tidb-terms wrote 数据目录).
            if old and old != v and old in e['seen'] and k != 'abbr' and (k == 'en' or v in old):
                e['seen'].setdefault(v, e['seen'].pop(old))
                e['seen'][v] = e['seen'][v] + [note]
            else:
                e['seen'].setdefault(v, []).append(note)
                if k == 'zh' and old and old != v:
                    e['replaced'] = True
    reviewed.append(e)
out = reviewed

# ---- Reviewed rows of other sources (data/glossary/sources/*-reviewed.tsv): the Rust glossary, corpus renderings.
def add_reviewed(path, source_of):
    n = 0
    for line in open(path, encoding='utf8'):
        if not line.strip() or line.startswith('#'):
            continue
        cells = line.rstrip('\n').split('\t')
        en, zhs = cells[0], cells[1].split('|')
        forms = [z.rstrip('*') for z in zhs]
        if en.lower() in have or any(z in have for z in forms):
            continue
        seen = source_of(cells)
        e = {'id': slug(en), 'zh': forms[0], 'en': en}
        if e['id'] in ids:
            e['id'] += '-' + str(len(out))
        if len(forms) > 1:
            e['variants'] = forms[1:]
        e['domain'] = 'general'
        e['seen'] = {z.rstrip('*'): (['reviewed'] if z.endswith('*') else seen) for z in zhs}
        e['seen'][en] = seen
        ids.add(e['id'])
        have.add(en.lower())
        have.update(forms)
        out.append(e)
        n += 1
    return n
rust = add_reviewed(os.path.join(gdir, 'sources', 'rust-glossary-reviewed.tsv'), lambda c: ['rust-glossary-zh'])
corp = add_reviewed(os.path.join(gdir, 'sources', 'corpus-renderings-reviewed.tsv'), lambda c: sorted(c[2].split(' ')))

# The bundle carries the concepts only (one a line, compact); where each form was seen goes to
# translations-seen.json (provenance, read by the tests, not bundled). `agreed`: two or more sources
# (posts of one site count as one) gave the preferred Chinese form.
def source_key(x):
    m = re.match(r'^((?:posts|sites)/[^/]+)/', x)
    return m.group(1) if m else x
seen_out = {}
for e in out:
    seen = e.pop('seen')
    seen_out[e['id']] = seen
    e['imported'] = True
    zh0 = e['zh'] if isinstance(e['zh'], str) else e['zh'][0]
    if len({source_key(x.split(':')[0]) for x in seen.get(zh0, []) if not x.startswith('reviewed')}) >= 2:
        e['agreed'] = True
    # Variants whose only record is a review note (`variants+` of scripts/glossary-review.tsv: added on review, or the source's own
    # wording the review replaced, whose sources moved to the new preferred form above: TiDB's `data directory | 数据路径`): no source
    # gives both wordings for the concept, so a site writing one here and the other there is no evidence of drift (term/cross-post).
    # (Or the review replaced the source's preferred wording with one no source gives, 数据目录 for TiDB's 数据路径: every tie to it
    # is the review's; session 19, now that the source's credit stays on the wording it wrote.)
    review_only = lambda f: all(x.startswith('reviewed') for x in seen.get(f, []))
    replaced = e.pop('replaced', False)
    unattested = [v for v in e.get('variants', []) if review_only(v) or (replaced and review_only(zh0))]
    if unattested:
        e['unattested'] = unattested
with open(os.path.join(gdir, 'translations.json'), 'w', encoding='utf8') as fh:
    fh.write('[\n' + ',\n'.join(json.dumps(e, ensure_ascii=False, separators=(',', ':')) for e in out) + '\n]\n')
with open(os.path.join(gdir, 'translations-seen.json'), 'w', encoding='utf8') as fh:
    fh.write('{\n' + ',\n'.join(json.dumps(k, ensure_ascii=False) + ':' + json.dumps(v, ensure_ascii=False, separators=(',', ':')) for k, v in seen_out.items()) + '\n}\n')
print(f'translations.json: {len(out)} concepts ({len(out) - added - rust - corp} from the translation glossaries, {added} from corpus renderings in 2+ posts, '
      f'{rust} from the Rust glossary, {corp} from reviewed corpus renderings); {rejected} groups rejected on import, {reviewed_out} on review')
