/**
 * front-matter/date: dates the generator cannot read or will not publish:
 *   - not a date (`date: next monday`), or impossible (`2024-13-05`, `2024-02-30 25:00`);
 *   - Jekyll: a time of day with seconds and no time zone. SafeYAML reads such a timestamp as UTC
 *     (dtao/safe_yaml lib/safe_yaml/parse/date.rb: `DateTime.parse(value)`, offset 0, then
 *     `getlocal`): with no `timezone` the build machine's zone decides the day shown; with a
 *     `timezone` the time shown is shifted by its offset, and reported when that changes the day.
 *     (Without seconds it is a string that Jekyll parses in the site's zone: nothing moves.)
 *   - Hexo: an unquoted time with an offset (`2024-05-22 05:00:00 +08:00`). js-yaml makes it a Date
 *     (only `Z`, `±H`, `±HH`, `±HH:MM`: `+0800` stays a string) and hexo-front-matter
 *     (lib/front_matter.ts, "Convert timezone") then takes its UTC clock as local time, so the
 *     offset is lost and the post is dated 2024-05-21 21:00. A time without a zone is local
 *     wall-clock time and fine (only a set `timezone:` differing from the build machine's shifts
 *     permalink days, which a post cannot know).
 *   - in the future (Jekyll and Hugo skip the post unless `future: true` / `buildFuture`); needs the
 *     host's clock (`workspace.now`), never read here;
 *   - different from the date in the file name `_posts/YYYY-MM-DD-slug.md` (a warning: Jekyll publishes
 *     under the front matter's date; info when they are a day apart, mostly the author's time zone).
 * A post the generator does not publish (`published: false`, `draft: true`) is not checked for the
 * future or the file name's date.
 * Chirpy and Jekyll posts without `date:` are fine: the file name gives it.
 *
 *   Bad:  date: 2024-13-05
 *   Good: date: 2024-05-13 12:00:00 +0800
 *
 * Fixes: swap month and day; add the offset; drop the offset Hexo loses; change the front matter's
 * date or rename the file (never fix-all).
 */
import type { Fix, Rule, RuleContext, Span } from '../../types';
import { headerOf, siteOf, subSchema, type Header, type Site } from './site';

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?[ \t]*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/;
/** js-yaml's timestamp (lib/type/timestamp.js YAML_TIMESTAMP_REGEXP): what it turns into a Date. */
const JS_YAML_TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?$/;
const POST_NAME_RE = /(^|\/)_posts\/(?:.*\/)?(\d{4})-(\d{2})-(\d{2})-([^/]+)$/;

interface ParsedDate {
  y: number; mo: number; d: number; h: number; mi: number; s: number;
  hasTime: boolean;
  hasSeconds: boolean;
  /** Offset in minutes east of UTC, when written. */
  offset?: number;
  /** Where `YYYY-MM-DD` is in the value's source text. */
  dayText: string;
}

export const rule: Rule = {
  id: 'front-matter/date',
  description: 'Unreadable, impossible, zone-less, future or misnamed dates.',
  defaultSeverity: 'error',
  messages: {
    unparseable: { en: '`{key}: {value}` is not a date the generator can read; write `YYYY-MM-DD HH:MM:SS +0800`.', 'zh-cn': '`{key}: {value}` 不是生成器能识别的日期；请写成 `YYYY-MM-DD HH:MM:SS +0800`。' },
    unusual: { en: '`{key}: {value}` is not in the `YYYY-MM-DD HH:MM:SS +0800` form: generators differ in how (and whether) they read it, and Zhen cannot check it.', 'zh-cn': '`{key}: {value}` 不是 `YYYY-MM-DD HH:MM:SS +0800` 格式：各生成器对它的解析不一致（甚至无法解析），Zhen 也无法检查它。' },
    impossible: { en: '`{value}` is not a real date or time ({part}).', 'zh-cn': '`{value}` 不是真实存在的日期或时间（{part}）。' },
    noZone: { en: '`{key}` has a time but no time zone, and the site sets no `timezone`: Jekyll reads it as UTC and shows it in the build machine\'s zone, so built in UTC{zone} or further {dir} the post is dated {other}.', 'zh-cn': '`{key}` 有时间但没有时区，站点也没有设置 `timezone`：Jekyll 把它当作 UTC 时间读取，再按构建机器的时区显示；在 UTC{zone} 或更{dirZh}的时区构建时，文章日期会变成 {other}。' },
    utcShift: { en: '`{key}` has no time zone, so Jekyll reads `{value}` as UTC and shows it in {zone} as {shown}: another day. Add the offset (e.g. `{offset}`).', 'zh-cn': '`{key}` 没有时区，Jekyll 把 `{value}` 当作 UTC 时间读取，按 {zone} 显示为 {shown}，日期变了。请加上时区偏移（如 `{offset}`）。' },
    hexoOffset: { en: 'Hexo reads `{value}` as {shown}: hexo-front-matter takes the UTC time for local time, so the offset is lost. Write the local time without an offset (the site\'s `timezone` then applies), or quote the value.', 'zh-cn': 'Hexo 会把 `{value}` 读成 {shown}：hexo-front-matter 把 UTC 时间当作本地时间，时区偏移丢失了。请写成不带偏移的本地时间（按站点的 `timezone`），或给值加上引号。' },
    dropOffset: { en: 'Remove the offset: {value}', 'zh-cn': '去掉时区偏移：{value}' },
    future: { en: 'The date {value} is in the future: {generator} will not publish this post until then (set `{setting}` to publish it).', 'zh-cn': '日期 {value} 在未来：{generator} 在此之前不会发布这篇文章（设置 `{setting}` 可提前发布）。' },
    fileName: { en: 'The date {value} disagrees with the file name\'s {fileDate}.', 'zh-cn': '日期 {value} 与文件名中的 {fileDate} 不一致。' },
    swap: { en: 'Swap month and day: {value}', 'zh-cn': '交换月和日：{value}' },
    addZone: { en: 'Add a time zone offset…', 'zh-cn': '添加时区偏移…' },
    zonePrompt: { en: 'Time zone offset, e.g. +0800', 'zh-cn': '时区偏移，如 +0800' },
    useFileDate: { en: 'Change the date to {fileDate}', 'zh-cn': '把日期改为 {fileDate}' },
    rename: { en: 'Rename the file to {name}', 'zh-cn': '把文件重命名为 {name}' },
    partMonth: { en: 'month {n}', 'zh-cn': '月份 {n}' },
    partDay: { en: 'day {n}', 'zh-cn': '日期 {n}' },
    partTime: { en: 'time {n}', 'zh-cn': '时间 {n}' },
  },
  check(ctx) {
    const h = headerOf(ctx.post);
    if (!h?.data) return;
    const site = siteOf(ctx.workspace, ctx.config);
    const path = ctx.workspace.path ?? '';
    const fileMatch = POST_NAME_RE.exec(path);
    for (const [key, raw] of Object.entries(h.data)) {
      const s = subSchema(site.schema, [key]);
      if (!s?.['x-zhen-date'] || typeof raw !== 'string') continue;
      const span = h.range([key], 'value');
      const text = (h.scalarText([key]) ?? raw).replace(/^(["'])(.*)\1$/, '$2');
      const value = raw.trim();
      const p = parseDate(value);
      if (!p) {
        if (!value) continue;
        // Something date-like in another form (`May 22, 2024`): Ruby may read it, other generators may not.
        const dateLike = /\d{4}|\b[a-z]{3,9}\b/i.test(value);
        ctx.report({ messageId: dateLike ? 'unusual' : 'unparseable', data: { key, value }, span, severity: dateLike ? 'warning' : undefined });
        continue;
      }
      const bad = impossible(p);
      if (bad) {
        const fixes: Fix[] = [];
        if (bad === 'partMonth' && p.mo <= 31 && p.d <= 12 && !impossible({ ...p, mo: p.d, d: p.mo })) {
          const swapped = `${p.y}-${pad(p.d)}-${pad(p.mo)}`;
          fixes.push({ title: ctx.t('swap', { value: swapped }), edits: dayEdits(h, [key], text, p, swapped) });
        }
        ctx.report({ messageId: 'impossible', data: { value, part: ctx.t(bad, { n: bad === 'partTime' ? `${p.h}:${pad(p.mi)}:${pad(p.s)}` : bad === 'partMonth' ? p.mo : p.d }) }, span, fixes });
        continue;
      }
      const g = site.generator;
      const jekyll = g === 'chirpy' || g === 'jekyll';
      const quoted = /^["']/.test(h.scalarText([key]) ?? '');
      // The day moves only where the build zone is far enough from UTC: reported when a zone within
      // ten hours of UTC (China +8, Japan +9, the Americas −5…−8, Europe) moves it.
      const hours = p.h + p.mi / 60 + p.s / 3600;
      const moved = hours >= 14 ? { zone: `+${Math.ceil(24 - hours)}`, dir: 'east', dirZh: '东', days: 1 } : hours < 10 ? { zone: `-${Math.floor(hours) + 1}`, dir: 'west', dirZh: '西', days: -1 } : undefined;
      if (jekyll && moved && p.hasSeconds && p.offset === undefined && !quoted && site.configFile && !site.timezone) {
        const other = new Date(Date.UTC(p.y, p.mo - 1, p.d + moved.days)).toISOString().slice(0, 10);
        ctx.report({
          messageId: 'noZone',
          data: { key, zone: moved.zone, dir: moved.dir, dirZh: moved.dirZh, other },
          span,
          severity: 'warning',
          fixes: [{ title: ctx.t('addZone'), input: { prompt: ctx.t('zonePrompt'), placeholder: '+0800', kind: 'text' }, edits: [{ span: endOf(span, h, [key], text), newText: ' {{input}}' }] }],
        });
      } else if (jekyll && p.hasSeconds && p.offset === undefined && !quoted && site.timezone) {
        const utc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
        const off = zoneOffset(site.timezone, utc);
        if (off !== undefined && off !== 0) {
          const shown = new Date(utc + off * 60000).toISOString().replace('T', ' ').slice(0, 16);
          if (shown.slice(0, 10) !== `${p.y}-${pad(p.mo)}-${pad(p.d)}`) {
            const offset = `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
            ctx.report({
              messageId: 'utcShift',
              data: { key, value, zone: site.timezone, shown, offset },
              span,
              severity: 'warning',
              fixes: [{ title: ctx.t('addZone'), input: { prompt: ctx.t('zonePrompt'), placeholder: offset, kind: 'text' }, edits: [{ span: endOf(span, h, [key], text), newText: ' {{input}}' }] }],
            });
          }
        }
      }
      if (g === 'hexo' && p.offset && p.hasSeconds && !quoted && JS_YAML_TIMESTAMP.test(value)) {
        const shown = new Date(Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - p.offset * 60000).toISOString().replace('T', ' ').slice(0, 19);
        const local = value.replace(/[ \t]*(?:Z|[+-]\d{1,2}(?::\d{2})?)$/i, '');
        const at = text.indexOf(value);
        const start = span.start + Math.max(0, (h.scalarText([key]) ?? text).indexOf(text)) + Math.max(0, at) + local.length;
        ctx.report({
          messageId: 'hexoOffset',
          data: { value, shown },
          span,
          severity: 'warning',
          fixes: [{ title: ctx.t('dropOffset', { value: local }), edits: [{ span: { start, end: start + value.length - local.length }, newText: '' }] }],
        });
      }
      if (key !== 'date') continue;
      // A post its generator does not publish (`published: false`, `draft: true`) is never dated in
      // the site: neither the future nor the file name's date can mislead a reader.
      if (unpublished(h.data)) continue;
      futureCheck(ctx, site, p, value, span, !!fileMatch);
      // `_posts/YYYY-MM-DD-slug`: Jekyll's naming (Jekyll lets the front matter's date win).
      if (fileMatch && (jekyll || g === 'default')) {
        const fileDate = `${fileMatch[2]}-${fileMatch[3]}-${fileMatch[4]}`;
        const written = `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
        if (written !== fileDate) {
          // A day apart is mostly the zone the author wrote in (a post begun at night, named the next
          // morning): the post publishes under the front matter's day, which is worth a look, not a
          // warning. A month or a year apart is a slip the theme shows on the post.
          const dayApart = Math.abs(Date.UTC(p.y, p.mo - 1, p.d) - Date.UTC(+fileMatch[2], +fileMatch[3] - 1, +fileMatch[4])) === 86400000;
          const dir = path.slice(0, path.lastIndexOf('/') + 1);
          const to = `${dir}${written}-${fileMatch[5]}`;
          ctx.report({
            messageId: 'fileName',
            data: { value: written, fileDate },
            span,
            // Jekyll lets the front matter win, so the post still publishes (under the front matter's date):
            // a warning, not an error; info when the two are a day apart.
            severity: dayApart ? 'info' : 'warning',
            fixes: [
              { title: ctx.t('useFileDate', { fileDate }), edits: dayEdits(h, [key], text, p, fileDate) },
              { title: ctx.t('rename', { name: to.slice(to.lastIndexOf('/') + 1) }), edits: [], rename: { to } },
            ],
          });
        }
      }
    }
  },
};

/** The generator does not publish the post: Jekyll's and Hexo's `published: false`, Hugo's `draft: true`. */
function unpublished(data: Record<string, unknown>): boolean {
  return data.published === false || data.draft === true;
}

function futureCheck(ctx: RuleContext, site: Site, p: ParsedDate, value: string, span: Span, isPost: boolean): void {
  const now = ctx.workspace.now;
  if (now === undefined || site.future === true) return;
  const g = site.generator;
  // Only these generators hold back future-dated posts (VuePress, VitePress, Docusaurus, MkDocs publish them).
  if (g !== 'chirpy' && g !== 'jekyll' && g !== 'hugo' && g !== 'hexo' && g !== 'default') return;
  if (g === 'hexo' && site.future === undefined) return; // Hexo publishes future posts by default
  if (g === 'default' && !isPost) return;
  const local = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  let instant: number;
  if (p.offset !== undefined) instant = local - p.offset * 60000;
  else {
    const tzOffset = site.timezone ? zoneOffset(site.timezone, local) : undefined;
    // Unknown zone: the earliest instant this local time can mean (UTC+14), so a report is certain.
    instant = local - (tzOffset ?? 14 * 60) * 60000;
  }
  if (instant <= now) return;
  const setting = g === 'hugo' ? 'buildFuture = true' : 'future: true';
  const generator = g === 'hugo' ? 'Hugo' : g === 'hexo' ? 'Hexo' : 'Jekyll';
  // Known site config that does not publish the future: error; otherwise (no config found) a warning.
  ctx.report({ messageId: 'future', data: { value, generator, setting }, span, severity: site.configFile ? undefined : 'warning' });
}

export function parseDate(v: string): ParsedDate | undefined {
  const m = DATE_RE.exec(v);
  if (!m) return undefined;
  let offset: number | undefined;
  if (m[7]) {
    if (/^(z|utc|gmt)$/i.test(m[7])) offset = 0;
    else {
      const z = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(m[7])!;
      offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
    }
  }
  return {
    y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]),
    h: Number(m[4] ?? 0), mi: Number(m[5] ?? 0), s: Number(m[6] ?? 0),
    hasTime: m[4] !== undefined, hasSeconds: m[6] !== undefined, offset,
    dayText: `${m[1]}-${m[2]}-${m[3]}`,
  };
}

function impossible(p: Pick<ParsedDate, 'y' | 'mo' | 'd' | 'h' | 'mi' | 's'>): 'partMonth' | 'partDay' | 'partTime' | undefined {
  if (p.mo < 1 || p.mo > 12) return 'partMonth';
  const days = [31, p.y % 4 === 0 && (p.y % 100 !== 0 || p.y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][p.mo - 1];
  if (p.d < 1 || p.d > days) return 'partDay';
  if (p.h > 23 || p.mi > 59 || p.s > 60) return 'partTime';
  return undefined;
}

/** The site zone's offset (minutes east of UTC) at about this instant, via Intl (pure; no clock). */
function zoneOffset(zone: string, utc: number): number | undefined {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(utc);
    const get = (t: string) => Number(parts.find((x) => x.type === t)?.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return Math.round((asUtc - utc) / 60000);
  } catch {
    return undefined;
  }
}

/** Replace the `YYYY-MM-DD` part of the value (keeping time, zone and quotes). */
function dayEdits(h: Header, path: string[], text: string, p: ParsedDate, day: string) {
  const span = h.range(path, 'value');
  const src = text;
  const at = src.indexOf(p.dayText);
  const valueStart = span.start + Math.max(0, (h.scalarText(path) ?? src).indexOf(src));
  const start = valueStart + Math.max(0, at);
  return [{ span: { start, end: start + p.dayText.length }, newText: day }];
}

/** The end of the date inside the value (before a closing quote). */
function endOf(span: Span, h: Header, path: string[], text: string): Span {
  const src = h.scalarText(path) ?? text;
  const end = span.start + src.indexOf(text) + text.trimEnd().length;
  return { start: end, end };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
