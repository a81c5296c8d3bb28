import type { CodeAction } from 'vscode-languageserver';
import type { GlossaryListItem } from '../core/rules/term/listing';

/**
 * Zhen's own additions to LSP, shared by the server and the VS Code clients (this file imports
 * only types, so the clients can bundle it): command names and arguments, and the custom requests
 * the web-worker server sends to the web client.
 */

/** Client command: ask the user for a value, then apply the edits with `{{input}}` replaced. */
export const APPLY_FIX_WITH_INPUT = 'zhen.applyFixWithInput';
/** Server command: append an item to a list of the workspace's `.zhen.yml` (workspace/applyEdit). */
export const APPLY_CONFIG_EDIT = 'zhen.applyConfigEdit';
/**
 * Server command: apply a lazy fix ("replace all N", whose edits no diagnostic carries) for a
 * client that cannot resolve code actions; others get the edit from `codeAction/resolve`.
 */
export const APPLY_FIX = 'zhen.applyFix';
export const FIX_ALL_KIND = 'source.fixAll.zhen';
/** Client command (VS Code): fix-all of a post (the active one when no URI is given), then say what changed. */
export const CLIENT_FIX_ALL = 'zhen.fixAll';
/**
 * Server command: fix-all of a post, applied with `workspace/applyEdit`. Arguments `[{ uri }]`;
 * returns a `FixAllReport`. For clients without `zhen.fixAll` (the code lens and the Ctrl+. entry use it).
 */
export const SERVER_FIX_ALL = 'zhen.server.fixAll';

/** What fix-all changed in a post. */
export interface FixAllReport {
  uri: string;
  /** Findings gone. */
  fixed: number;
  /** Findings gone, by rule family. */
  byFamily: Record<string, number>;
  /** Findings left (they need the writer's judgement). */
  left: number;
  /** The report in the message language. */
  message: string;
  /** The edit was applied (for the server command). */
  applied?: boolean;
}

/** Which fix a lazy action stands for: the finding (rule and UTF-16 span) in the text with this hash. */
export interface LazyFixRef {
  uri: string;
  hash: string;
  rule: string;
  start: number;
  end: number;
  /** Index of the fix in the finding's fixes. */
  fix: number;
}
export const INPUT_PLACEHOLDER = '{{input}}';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Arguments of `zhen.applyFixWithInput`. */
export interface ApplyFixWithInputArgs {
  uri: string;
  version: number;
  title: string;
  input: { prompt: string; placeholder: string; kind: 'url' | 'text' };
  edits: { range: LspRange; newText: string }[];
  configEdit?: { key: string; item: Record<string, unknown> };
}

/** Arguments of `zhen.applyConfigEdit`. */
export interface ApplyConfigEditArgs {
  /** The document the fix came from: its workspace folder's `.zhen.yml` is edited. */
  uri: string;
  key: string;
  item: Record<string, unknown>;
}

/** Replace `{{input}}` in every string of a value (deeply). */
export function fillInput<T>(value: T, input: string): T {
  if (typeof value === 'string') return value.split(INPUT_PLACEHOLDER).join(input) as T;
  if (Array.isArray(value)) return value.map((v) => fillInput(v, input)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillInput(v, input)])) as T;
  return value;
}

/** Web-worker server → client: the text of a file, or null. */
export const ReadFileRequest = 'zhen/readFile';
export interface ReadFileParams {
  uri: string;
}
/** Web-worker server → client: the URIs of the files matching `include` under a folder. */
export const FindFilesRequest = 'zhen/findFiles';
export interface FindFilesParams {
  folderUri: string;
  /** Glob relative to the folder. */
  include: string;
  /** Root-relative globs to leave out. */
  exclude: string[];
}

/** Client → server: the state of the workspace index per folder (for status displays and tests). */
export const IndexStatusRequest = 'zhen/indexStatus';
export interface IndexStatus {
  folders: Array<{ uri: string; posts: string[]; version: number; configVersion: number }>;
}

/** Client → server: the effective glossary (bundled + the folder's `.zhen.yml`) for a document or folder. */
export const GlossaryRequest = 'zhen/glossary';
export interface GlossaryParams {
  /** A document (its folder's `.zhen.yml` and settings apply; open documents give their own uses), or a folder. */
  uri?: string;
}
/** One concept of the list (`user`: defined or changed by the workspace's `.zhen.yml`). */
export type GlossaryListEntry = GlossaryListItem;
export interface GlossaryResult {
  /** The language the cards are written in. */
  language: string;
  /** The `.zhen.yml` whose glossary is merged in, when it exists. */
  configUri?: string;
  entries: GlossaryListEntry[];
}

/** Client → server: one concept's glossary card (the hover's markdown), by id or by any spelling. */
export const GlossaryCardRequest = 'zhen/glossaryCard';
export interface GlossaryCardParams {
  uri?: string;
  /** A concept id (`inference-reasoning`) or a spelling (`推理`, `LLM`). */
  term: string;
}
/** null when no concept has that id or spelling. */
export type GlossaryCardResult = { id: string; label: string; origin: 'bundled' | 'user'; markdown: string } | null;

/** Client → server: re-read every `.zhen.yml`, rebuild the workspace index, re-check open documents. Accepts a workDoneToken. */
export const RecheckWorkspaceRequest = 'zhen/recheckWorkspace';
export interface RecheckWorkspaceResult {
  folders: number;
  /** Markdown files in the rebuilt index. */
  files: number;
  /** Open documents whose diagnostics are refreshed. */
  documents: number;
}

/** Client → server: facts about the running server (the process id on Node; for the restart test). */
export const ServerInfoRequest = 'zhen/serverInfo';
export interface ServerInfo {
  pid?: number;
  trusted: boolean;
  /** Entries the server holds for open documents (caches, timers); 0 once all are closed. */
  held?: number;
  /** The JavaScript heap in use, after a collection when the runtime allows one (Node `--expose-gc`). */
  heapUsed?: number;
}

/**
 * Initialization options the VS Code clients send. `workspaceTrusted: false` (VS Code's
 * restricted mode) makes the server ignore workspace config that could mislead it; other
 * clients send nothing and are trusted.
 */
export interface ZhenInitializationOptions {
  applyFixWithInput?: boolean;
  workspaceTrusted?: boolean;
  /**
   * Another extension completes and explains `.zhen.yml` from its schema (the YAML extension, which
   * reads the `yamlValidation` contribution): the server then offers there only what the schema
   * cannot say (rule ids and a rule's options), so nothing is listed twice.
   */
  yamlSchemaElsewhere?: boolean;
}
/** Client → server: the user trusted the workspace (`vscode.workspace.onDidGrantWorkspaceTrust`). */
export const DidGrantWorkspaceTrustNotification = 'zhen/didGrantWorkspaceTrust';

/**
 * Client → server: the fixes of the unlinked claims ("Zhen: Cite Source…"): those of the claims
 * the range touches, else of every claim of the post, each with its claim's line and message.
 */
export const CiteChoicesRequest = 'zhen/citeChoices';
export interface CiteChoicesParams {
  uri: string;
  range?: LspRange;
}
export interface CiteChoice {
  title: string;
  rule: string;
  /** 0-based line of the claim. */
  line: number;
  message: string;
  action: CodeAction;
}
export interface CiteChoicesResult {
  /** The choices are of the claims at the range (else of the whole post). */
  atRange: boolean;
  choices: CiteChoice[];
}
