/**
 * `.zhen.yml` open in the editor: completion and hover from the core (`configAssist.ts`), so every
 * LSP client gets them without a YAML extension. Its problems are pushed by the server for the
 * file being edited or on disk (`configFile.ts`, with quick fixes), so a `.zhen.yml` document is never analysed as a post and
 * its pulled diagnostics are empty (the pushed ones stand).
 */
import type { CompletionItem as LspCompletionItem, Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import ruleDocs from 'zhen:rule-docs';
import { configCompletionsAt, configHoverAt } from '../core/index';
import { lineMap, toCompletionItem, toOffset, toRange } from './convert';

/** Set at initialize: another extension completes `.zhen.yml` from its schema (ZhenInitializationOptions.yamlSchemaElsewhere). */
export const configAssist = { schemaElsewhere: false };

export function configDocumentCompletion(doc: TextDocument, position: Position): LspCompletionItem[] {
  const text = doc.getText();
  const map = lineMap(text);
  return configCompletionsAt(text, toOffset(map, position), { schema: !configAssist.schemaElsewhere }).map((c) => toCompletionItem(map, c));
}

export function configDocumentHover(doc: TextDocument, position: Position): Hover | null {
  const text = doc.getText();
  const map = lineMap(text);
  const h = configHoverAt(text, toOffset(map, position), { schema: !configAssist.schemaElsewhere, ruleDocs });
  return h ? { contents: { kind: 'markdown', value: h.markdown }, range: toRange(map, h.span) } : null;
}
