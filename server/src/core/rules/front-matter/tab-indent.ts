/**
 * front-matter/tab-indent: a tab used for indentation in YAML front matter. YAML forbids it, so the
 * nested keys end up at the wrong level or the header fails to parse.
 *
 *   Bad:  image:⇥path: /assets/img/x.png   (a tab before `path`)
 *   Good: image:
 *           path: /assets/img/x.png        (two spaces)
 *
 * Fix: two spaces for each indenting tab (fix-all).
 */
import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'front-matter/tab-indent',
  description: 'Tabs used for indentation in YAML front matter.',
  defaultSeverity: 'error',
  messages: {
    tab: {
      en: 'Tab used for indentation in the front matter; YAML allows only spaces.',
      'zh-cn': 'Front matter 用了 Tab 缩进；YAML 只允许空格缩进。',
    },
    fix: {
      en: 'Indent with spaces',
      'zh-cn': '改用空格缩进',
    },
  },
  check(ctx) {
    const fm = ctx.post.frontMatter;
    if (!fm || fm.kind !== 'yaml') return;
    const raw = fm.raw;
    let lineStart = 0;
    while (lineStart <= raw.length) {
      let lineEnd = raw.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = raw.length;
      const indent = /^[ \t]*/.exec(raw.slice(lineStart, lineEnd))![0];
      const rest = raw.slice(lineStart + indent.length, lineEnd).trim();
      // Only indentation before content counts (a tab-only line is harmless; block scalars may hold tabs but
      // the YAML parser then reports them as content, not as an error).
      if (indent.includes('\t') && rest && !rest.startsWith('#') && fm.yaml?.errors.some((e) => e.code === 'TAB_AS_INDENT' && e.pos[0] >= lineStart && e.pos[0] <= lineEnd)) {
        const start = fm.contentSpan.start + lineStart;
        ctx.report({
          messageId: 'tab',
          span: { start, end: start + indent.length },
          fixes: [{ title: ctx.t('fix'), isPreferred: true, edits: [{ span: { start, end: start + indent.length }, newText: indent.replace(/\t/g, '  ') }] }],
        });
      }
      lineStart = lineEnd + 1;
    }
  },
};
