/**
 * The playground page: a CodeMirror 6 editor for the post and one for `.zhen.yml`, the findings
 * beside them with their fixes (one by one, or all at once), hover cards (the finding's
 * explanation and the glossary card), the generator and house-style pickers (they edit the
 * `.zhen.yml`), and a shareable link that holds the text in the URL fragment.
 *
 * Zhen's core runs in a worker (checker.ts, worker.ts). Nothing is fetched, nothing is sent:
 * the page makes no network request at all (test/e2e/playground.mjs checks it).
 * Input the core should not be given is stopped here (guard.ts): over the size limit (a paste
 * that large is refused outright), or binary data; an analysis that runs too long is stopped.
 */
import { EditorView, keymap, hoverTooltip, lineNumbers, drawSelection, highlightActiveLine, Decoration, type DecorationSet } from '@codemirror/view';
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import { defaultKeymap, history as undoHistory, historyKeymap } from '@codemirror/commands';
import type { Finding, Fix, Language } from '../../server/src/core/index';
import example from '../../examples/2024-05-22-ai-crypto.md';
import { Checker, Stopped } from './checker';
import { MAX_CHARS, formatSize, refusal } from './guard';
import { GENERATORS, STYLES, type ConfigProblemOut, type Response } from './protocol';
import { decodeShare, encodeShare, MAX_FRAGMENT } from './share';
import { initialLanguage, t, type Key } from './i18n';

const LIMIT_MS = 15_000;
const SAMPLE = `---
title: 用 LLM 写技术博客
date: 2024-05-22 12:00:00 +0800
tags: [ai]
---

自2022年11月起，生成式AI的更新迭代日新月异。据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。

我们用Github Copilot 写了 10% 的代码,也试了大型语言模型和大语言模型的区别...
`;
const SAMPLE_CONFIG = `# .zhen.yml: see the README's Configuration section
rules:
  typo/repeated: warning
`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let lang: Language = initialLanguage(navigator);
const tr = (key: Key, data?: Record<string, string | number>) => t(lang, key, data);
const checker = new Checker(LIMIT_MS);

// ---- decorations: findings in the post, problems in the .zhen.yml --------------------------------

interface Mark {
  from: number;
  to: number;
  cls: string;
}
const setMarks = StateEffect.define<Mark[]>();
const marks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, trx) {
    deco = deco.map(trx.changes);
    for (const e of trx.effects) {
      if (!e.is(setMarks)) continue;
      const len = trx.state.doc.length;
      const ranges = e.value
        .map((m) => ({ ...m, from: Math.min(m.from, len), to: Math.min(Math.max(m.to, m.from + 1), len) }))
        .filter((m) => m.from < m.to)
        .sort((a, b) => a.from - b.from)
        .map((m) => Decoration.mark({ class: m.cls }).range(m.from, m.to));
      deco = Decoration.set(ranges, true);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '15px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace', lineHeight: '1.6' },
  '.cm-zhen-error': { textDecoration: 'underline wavy #d1242f', textUnderlineOffset: '3px' },
  '.cm-zhen-warning': { textDecoration: 'underline wavy #bf8700', textUnderlineOffset: '3px' },
  '.cm-zhen-info': { textDecoration: 'underline wavy #0969da', textUnderlineOffset: '3px' },
  '.cm-zhen-hint': { textDecoration: 'underline dotted #6e7781', textUnderlineOffset: '3px' },
  '.cm-zhen-selected': { backgroundColor: '#fff8c5' },
  '.cm-tooltip.cm-tooltip-hover': { maxWidth: '560px', padding: '6px 10px', lineHeight: '1.5' },
});

/** A paste or drop of more than the limit is refused: the editor and the page stay as they were. */
const guardInput = EditorView.domEventHandlers({
  paste(event) {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (text.length <= MAX_CHARS) return false;
    event.preventDefault();
    notice('error', tr('pasteTooLarge', { size: formatSize(text), n: text.length.toLocaleString(), max: MAX_CHARS.toLocaleString() }));
    return true;
  },
  drop(event) {
    const files = event.dataTransfer?.files;
    const text = event.dataTransfer?.getData('text/plain') ?? '';
    if ((files && Array.from(files).some((f) => f.size > MAX_CHARS * 4)) || text.length > MAX_CHARS) {
      event.preventDefault();
      notice('error', tr('pasteTooLarge', { size: formatSize(text), n: text.length.toLocaleString(), max: MAX_CHARS.toLocaleString() }));
      return true;
    }
    return false;
  },
});

function baseExtensions(onChange: () => void): Extension[] {
  return [
    lineNumbers(),
    undoHistory(),
    drawSelection(),
    highlightActiveLine(),
    keymap.of([...defaultKeymap, ...historyKeymap]),
    EditorView.lineWrapping,
    marks,
    theme,
    guardInput,
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange();
    }),
  ];
}

// ---- state -------------------------------------------------------------------------------------

let version = 0;
let shown: { version: number; findings: Finding[] } = { version: -1, findings: [] };
let running = false;
let again = false;
let timer: ReturnType<typeof setTimeout> | undefined;

const post = new EditorView({
  parent: $('post'),
  state: EditorState.create({
    doc: '',
    extensions: [
      baseExtensions(changed),
      hoverTooltip(
        async (_view, pos) => {
          if (shown.version !== version) return null;
          let r: Response;
          try {
            r = await checker.request({ kind: 'hover', version, offset: pos });
          } catch {
            return null;
          }
          if (r.kind !== 'hover' || !r.html || r.from === undefined) return null;
          const html = r.html;
          return {
            pos: r.from,
            end: r.to,
            above: true,
            create() {
              const dom = document.createElement('div');
              dom.className = 'zhen-card';
              dom.innerHTML = html;
              for (const a of Array.from(dom.querySelectorAll('a'))) {
                a.target = '_blank';
                a.rel = 'noopener noreferrer';
              }
              return { dom };
            },
          };
        },
        { hoverTime: 250 },
      ),
      EditorView.contentAttributes.of({ 'aria-label': 'Markdown post', spellcheck: 'false' }),
    ],
  }),
});

const config = new EditorView({
  parent: $('config'),
  state: EditorState.create({
    doc: '',
    extensions: [baseExtensions(changed), EditorView.contentAttributes.of({ 'aria-label': '.zhen.yml', spellcheck: 'false' })],
  }),
});

function changed(): void {
  version++;
  clearTimeout(timer);
  timer = setTimeout(check, 250);
  scheduleShare();
}

// ---- messages ----------------------------------------------------------------------------------

function notice(kind: 'error' | 'info' | '', text: string): void {
  const n = $('notice');
  n.textContent = text;
  n.className = kind ? `notice ${kind}` : 'notice';
  n.hidden = !text;
}

function setStatus(text: string, busy = false): void {
  $('status').textContent = text;
  $('stop').hidden = !busy;
}

// ---- analysis ----------------------------------------------------------------------------------

async function check(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  const text = post.state.doc.toString();
  const refused = refusal(text);
  if (refused) {
    showFindings(version, []);
    post.dispatch({ effects: setMarks.of([]) });
    if (refused.kind === 'too-large') notice('error', tr('tooLarge', { size: formatSize(text), n: text.length.toLocaleString(), max: MAX_CHARS.toLocaleString() }));
    else notice('error', tr('binary', { bad: refused.bad, sample: refused.sample }));
    setStatus('');
    return;
  }
  running = true;
  const v = version;
  const busy = setTimeout(() => setStatus(tr('checking'), true), 300);
  try {
    const r = await checker.request({ kind: 'analyze', version: v, text, config: config.state.doc.toString(), lang }, true);
    if (r.kind === 'error') {
      notice('error', tr('workerError', { msg: r.message }));
      setStatus('');
    } else if (r.kind === 'analyzed' && r.version === version) {
      const n = $('notice');
      if (n.classList.contains('error')) notice('', '');
      showFindings(r.version, r.findings);
      showProblems(r.problems);
      showPicks(r.picks.generator, r.picks.style);
      setStatus(tr('checked', { n: r.findings.length, ms: Math.round(r.ms) }));
    }
  } catch (err) {
    if (err instanceof Stopped) {
      notice('error', err.reason === 'timeout' ? tr('timeout', { s: LIMIT_MS / 1000 }) : err.reason === 'cancel' ? tr('stopped') : tr('workerError', { msg: err.message }));
      showFindings(version, []);
      setStatus('');
    }
  } finally {
    clearTimeout(busy);
    $('stop').hidden = true;
    running = false;
    // Edited while this ran: the debounce asked again; check the newest text.
    if (again) {
      again = false;
      void check();
    }
  }
}

function showFindings(v: number, findings: Finding[]): void {
  shown = { version: v, findings };
  post.dispatch({ effects: setMarks.of(findings.map((f) => ({ from: f.span.start, to: f.span.end, cls: `cm-zhen-${f.severity}` }))) });
  const list = $('findings');
  list.textContent = '';
  const fixable = findings.filter((f) => f.fixes?.some((x) => x.isPreferred && !x.input && !x.configEdit && !x.rename)).length;
  const all = $<HTMLButtonElement>('fixall');
  all.textContent = tr('fixAll', { n: fixable });
  all.disabled = fixable === 0;
  if (!findings.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = tr('none');
    list.append(li);
    return;
  }
  const doc = post.state.doc;
  const MAX = 400;
  findings.slice(0, MAX).forEach((f, i) => {
    const li = document.createElement('li');
    li.className = `finding sev-${f.severity}`;
    li.dataset.rule = f.ruleId;
    const line = doc.lineAt(Math.min(f.span.start, doc.length));
    const head = document.createElement('button');
    head.className = 'head';
    head.title = f.severity;
    const loc = document.createElement('span');
    loc.className = 'loc';
    loc.textContent = `${line.number}:${f.span.start - line.from + 1}`;
    const msg = document.createElement('span');
    msg.className = 'msg';
    msg.textContent = f.message;
    const rule = document.createElement('code');
    rule.className = 'rule';
    rule.textContent = f.ruleId;
    head.append(loc, msg, rule);
    head.onclick = () => reveal(i);
    li.append(head);
    const fixes = document.createElement('div');
    fixes.className = 'fixes';
    for (const fix of f.fixes ?? []) {
      const b = document.createElement('button');
      b.className = fix.isPreferred ? 'fix preferred' : 'fix';
      b.textContent = fix.title;
      if (fix.rename) {
        b.disabled = true;
        b.title = tr('fixRenames');
      }
      b.onclick = () => void applyFix(v, fix);
      fixes.append(b);
    }
    if (fixes.childElementCount) li.append(fixes);
    const details = document.createElement('div');
    details.className = 'details';
    details.hidden = true;
    li.append(details);
    list.append(li);
  });
  if (findings.length > MAX) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = tr('more', { n: findings.length - MAX });
    list.append(li);
  }
}

/** Select a finding's text in the editor and show its explanation under it. */
async function reveal(i: number): Promise<void> {
  const f = shown.findings[i];
  if (!f || shown.version !== version) return;
  const len = post.state.doc.length;
  post.dispatch({ selection: { anchor: Math.min(f.span.start, len), head: Math.min(f.span.end, len) }, scrollIntoView: true });
  post.focus();
  const li = $('findings').children[i] as HTMLElement;
  const details = li.querySelector<HTMLElement>('.details')!;
  if (!details.hidden) {
    details.hidden = true;
    return;
  }
  if (f.hover && !details.innerHTML) {
    const r = await checker.request({ kind: 'render', markdown: f.hover });
    if (r.kind === 'html') details.innerHTML = r.html;
  }
  details.hidden = !details.innerHTML;
}

function showProblems(problems: ConfigProblemOut[]): void {
  config.dispatch({ effects: setMarks.of(problems.map((p) => ({ from: p.from, to: p.to, cls: `cm-zhen-${p.severity === 'warning' ? 'warning' : 'error'}` }))) });
  const box = $('config-problems');
  box.textContent = '';
  box.className = problems.length ? 'problems bad' : 'problems ok';
  const head = document.createElement('div');
  head.textContent = problems.length ? tr('configProblems', { n: problems.length }) : tr('configOk');
  box.append(head);
  if (problems.length) {
    const ul = document.createElement('ul');
    for (const p of problems) {
      const li = document.createElement('li');
      li.textContent = `${p.line}:${p.column} ${p.message}`;
      ul.append(li);
    }
    box.append(ul);
  }
}

// ---- fixes -------------------------------------------------------------------------------------

function fillInput<T>(value: T, input: string): T {
  return JSON.parse(JSON.stringify(value).split('{{input}}').join(JSON.stringify(input).slice(1, -1))) as T;
}

async function applyFix(v: number, fix: Fix): Promise<void> {
  if (v !== version) {
    notice('info', tr('fixStale'));
    return;
  }
  let edits = fix.edits;
  let configEdit = fix.configEdit;
  if (fix.input) {
    const value = window.prompt(tr('fixNeedsInput', { prompt: fix.input.prompt }), fix.input.placeholder);
    if (value === null || !value.trim()) return;
    edits = fillInput(edits, value.trim());
    if (configEdit) configEdit = fillInput(configEdit, value.trim());
  }
  post.dispatch({ changes: edits.map((e) => ({ from: e.span.start, to: e.span.end, insert: e.newText })), userEvent: 'input.fix' });
  if (configEdit) {
    const r = await checker.request({ kind: 'configEdit', config: config.state.doc.toString(), key: configEdit.key, item: configEdit.item });
    if (r.kind === 'config' && r.config !== undefined) replaceDoc(config, r.config);
  }
  notice('info', tr('applied', { n: 1 }));
}

/** Replace an editor's text by a new one, as one change of the part that differs (keeps the cursor and undo sensible). */
function replaceDoc(view: EditorView, next: string): void {
  const cur = view.state.doc.toString();
  if (cur === next) return;
  let a = 0;
  const max = Math.min(cur.length, next.length);
  while (a < max && cur.charCodeAt(a) === next.charCodeAt(a)) a++;
  let b = 0;
  while (b < max - a && cur.charCodeAt(cur.length - 1 - b) === next.charCodeAt(next.length - 1 - b)) b++;
  view.dispatch({ changes: { from: a, to: cur.length - b, insert: next.slice(a, next.length - b) } });
}

async function fixAll(): Promise<void> {
  const text = post.state.doc.toString();
  if (refusal(text)) return;
  const v = version;
  try {
    const r = await checker.request({ kind: 'fixAll', text, config: config.state.doc.toString(), lang }, true);
    if (r.kind !== 'fixed' || version !== v) return;
    replaceDoc(post, r.text);
    notice('info', r.applied ? tr('applied', { n: r.applied }) : tr('nothingToFix'));
  } catch (err) {
    if (err instanceof Stopped) notice('error', err.reason === 'timeout' ? tr('timeout', { s: LIMIT_MS / 1000 }) : tr('stopped'));
  }
}

// ---- pickers -----------------------------------------------------------------------------------

function fillSelect(id: string, values: readonly string[], prefix: 'generator' | 'style'): void {
  const sel = $<HTMLSelectElement>(id);
  const current = sel.value;
  sel.textContent = '';
  for (const v of [...values, 'custom']) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = tr(`${prefix}.${v}` as Key);
    if (v === 'custom') o.hidden = true;
    sel.append(o);
  }
  sel.value = current || values[0];
}

function showPicks(generator: string, style: string): void {
  const g = $<HTMLSelectElement>('generator');
  const s = $<HTMLSelectElement>('style');
  g.value = generator;
  s.value = style;
  (g.querySelector('option[value="custom"]') as HTMLOptionElement).hidden = generator !== 'custom';
  (s.querySelector('option[value="custom"]') as HTMLOptionElement).hidden = style !== 'custom';
}

async function pick(which: 'generator' | 'style', value: string): Promise<void> {
  const r = await checker.request({ kind: 'setPick', config: config.state.doc.toString(), pick: which, value });
  if (r.kind !== 'config') return;
  if (r.error !== undefined) {
    notice('error', tr('pickNeedsValidYaml', { msg: r.error }));
    return;
  }
  replaceDoc(config, r.config ?? '');
}

// ---- sharing -----------------------------------------------------------------------------------

let shareTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleShare(): void {
  clearTimeout(shareTimer);
  shareTimer = setTimeout(async () => {
    const text = post.state.doc.toString();
    if (refusal(text)) return;
    const frag = await encodeShare({ text, config: config.state.doc.toString() });
    if (frag.length > MAX_FRAGMENT) {
      notice('info', tr('linkTooLong'));
      return;
    }
    window.history.replaceState(null, '', `#${frag}`);
    $('share').dataset.ready = '1';
  }, 400);
}

async function copyLink(): Promise<void> {
  clearTimeout(shareTimer);
  const text = post.state.doc.toString();
  if (!refusal(text)) window.history.replaceState(null, '', `#${await encodeShare({ text, config: config.state.doc.toString() })}`);
  try {
    await navigator.clipboard.writeText(location.href);
    notice('info', tr('copied'));
  } catch {
    // file:// pages and old browsers: show the link to copy by hand
    notice('info', `${tr('copyManually')} ${location.href}`);
  }
}

async function load(): Promise<void> {
  let text = SAMPLE;
  let conf = SAMPLE_CONFIG;
  try {
    const shared = await decodeShare(location.hash);
    if (shared) ({ text, config: conf } = shared);
  } catch (err) {
    text = example;
    notice('error', tr('badLink', { msg: (err as Error).message }));
  }
  post.dispatch({ changes: { from: 0, to: post.state.doc.length, insert: text } });
  config.dispatch({ changes: { from: 0, to: config.state.doc.length, insert: conf } });
}

// ---- page --------------------------------------------------------------------------------------

function localize(): void {
  document.documentElement.lang = lang === 'zh-cn' ? 'zh-CN' : 'en';
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-t]'))) el.textContent = tr(el.dataset.t as Key, { version: ZHEN_VERSION });
  document.title = tr('title');
  fillSelect('generator', GENERATORS, 'generator');
  fillSelect('style', Object.keys(STYLES), 'style');
  $<HTMLSelectElement>('lang').value = lang;
}

$('generator').onchange = (e) => void pick('generator', (e.target as HTMLSelectElement).value);
$('style').onchange = (e) => void pick('style', (e.target as HTMLSelectElement).value);
$('lang').onchange = (e) => {
  lang = (e.target as HTMLSelectElement).value as Language;
  localize();
  version++;
  void check();
};
$('fixall').onclick = () => void fixAll();
$('share').onclick = () => void copyLink();
$('example').onclick = () => replaceDoc(post, example);
$('stop').onclick = () => checker.stop('cancel', 'stopped');
window.addEventListener('hashchange', () => {
  // A link pasted into this tab's address bar: load what it holds.
  void decodeShare(location.hash).then((s) => {
    if (s && (s.text !== post.state.doc.toString() || s.config !== config.state.doc.toString())) {
      replaceDoc(post, s.text);
      replaceDoc(config, s.config);
    }
  }, (err: Error) => notice('error', tr('badLink', { msg: err.message })));
});

localize();
void load();
// for tests and the curious: the page's state, read-only
(window as unknown as { zhen: object }).zhen = {
  get text() {
    return post.state.doc.toString();
  },
  get config() {
    return config.state.doc.toString();
  },
  get findings() {
    return shown.version === version ? shown.findings : undefined;
  },
  get busy() {
    return running;
  },
  /** Scroll the post to an offset; resolves to its place on screen (for hovering there). */
  scrollTo(offset: number): Promise<{ x: number; y: number } | null> {
    post.dispatch({ effects: EditorView.scrollIntoView(offset, { y: 'center' }) });
    // the scroll is applied in the next measure cycle; read the place after it
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    return frame().then(frame).then(() => new Promise((done) => post.requestMeasure({ read: () => post.coordsAtPos(offset), write: (c) => done(c ? { x: c.left, y: (c.top + c.bottom) / 2 } : null) })));
  },
};
