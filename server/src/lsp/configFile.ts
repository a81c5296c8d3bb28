/**
 * `.zhen.yml` in the editor: its problems as diagnostics on the file (pushed; of the editor's text
 * while the file is open and edited, else of the file on disk, which is what applies), with quick
 * fixes (a misspelt key, rule id or value; a bracket left open), and a notification when the YAML
 * cannot be read (once per broken text): the last good settings stay in use. A client that can
 * show documents gets an "Open .zhen.yml" button with it.
 */
import { CodeActionKind, MessageType, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { positionAt, type ConfigProblem } from '../core/index';
import { hashText } from './analyses';
import { quickFixes } from './codeActions';
import { safe, type Ctx } from './context';
import { configProblemToDiagnostic, lineMap, toRange } from './convert';
import { readConfigFile, type Folder } from './folders';
import { say } from './messages';

/** Delay between the last keystroke in an open `.zhen.yml` and its re-checked problems. */
const EDIT_DEBOUNCE_MS = 200;

export class ConfigFiles {
  /** Config files with problems published (cleared when fixed). */
  private readonly shown = new Set<string>();
  /** The broken text each file was last notified about. */
  private readonly notified = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly s: Ctx) {}

  /** The problems of a folder's `.zhen.yml` on that file: of the editor's text when it is open, else of the file read. */
  publish(folder: Folder): void {
    const c = folder.config;
    const doc = this.s.documents.get(c.uri);
    let text = c.text;
    let problems: ConfigProblem[] = c.problems;
    if (doc && doc.getText() !== c.text) {
      text = doc.getText();
      problems = readConfigFile(text, this.s.configs.client.language, this.s.configs.client.trusted).problems;
    }
    const m = text !== undefined ? lineMap(text) : undefined;
    const diagnostics = m ? problems.map((p) => configProblemToDiagnostic(m, p, hashText(m.text))) : [];
    this.notifyBroken(folder);
    if (diagnostics.length) {
      this.s.log(`${c.uri}: ${diagnostics.length} problem(s); serving with the valid rest`);
      this.shown.add(c.uri);
    } else if (!this.shown.has(c.uri)) return;
    else this.shown.delete(c.uri);
    this.s.connection.sendDiagnostics({ uri: c.uri, diagnostics }).catch((err) => this.s.logError('publishDiagnostics', err));
  }

  /** An open `.zhen.yml` was edited: its problems follow the text (it applies once saved). */
  edited(uri: string): void {
    const folder = this.s.configs.folders.find((f) => f.config.uri === uri);
    if (!folder) return;
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(
        safe(this.s, 'config edited', undefined, () => {
          this.timers.delete(uri);
          this.publish(folder);
        }),
        EDIT_DEBOUNCE_MS,
      ),
    );
  }

  /** Closed: the file on disk's problems again. */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const folder = this.s.configs.folders.find((f) => f.config.uri === uri);
    if (folder) this.publish(folder);
  }

  /** The YAML of the saved file cannot be read: say so once per broken text, with a button to open it. */
  private notifyBroken(folder: Folder): void {
    const c = folder.config;
    if (!c.broken || c.text === undefined) {
      this.notified.delete(c.uri);
      return;
    }
    if (this.notified.get(c.uri) === c.text) return;
    this.notified.set(c.uri, c.text);
    const yaml = c.problems.find((p) => p.code === 'yaml');
    const m = lineMap(c.text);
    const line = yaml ? positionAt(m.lineStarts, yaml.span.start).line + 1 : 1;
    const lang = this.s.configs.client.language;
    const file = c.uri.slice(c.uri.lastIndexOf('/') + 1);
    const message = say(lang, Object.keys(c.config).length ? 'configBroken' : 'configBrokenNoLastGood', { file, line });
    if (!this.s.caps.showDocument) {
      void this.s.connection.sendNotification('window/showMessage', { type: MessageType.Warning, message }).catch(() => undefined);
      return;
    }
    const open = say(lang, 'openConfig');
    void this.s.connection.window
      .showWarningMessage(message, { title: open })
      .then((picked) => (picked?.title === open ? this.s.connection.window.showDocument({ uri: c.uri, takeFocus: true, selection: yaml ? toRange(m, yaml.span) : undefined }) : undefined))
      .catch((err) => this.s.logError('showMessageRequest', err));
  }

  get held(): number {
    return this.timers.size;
  }
}

/** Quick fixes in an open `.zhen.yml`, from its diagnostics' data (when it is still the text they were made for). */
export function configFileActions(s: Ctx, doc: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const text = doc.getText();
  const t = { uri: doc.uri, version: doc.version, hash: hashText(text), map: lineMap(text) };
  return quickFixes(t, diagnostics, s.caps.edit, () => undefined).map((a) => ({ ...a, kind: CodeActionKind.QuickFix }));
}
