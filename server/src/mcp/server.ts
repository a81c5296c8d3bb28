/**
 * `zhen mcp`: a Model Context Protocol server over stdio (the official TypeScript SDK), so that
 * a writing agent can check and fix what it drafts. Tools (tools.ts does the work):
 *   check     text or path → findings, the JSON of `zhen check --format json`
 *   fix       text or path → the fixed text and what changed (writes a path only when allowed)
 *   explain   rule id → what it catches and why, default severity, options, messages
 *   glossary  term → its card, senses and preferred forms
 *   cite      claim → the known sources for the names in it, from the workspace
 * Options: --root DIR (default: the current folder; the workspace is found from there),
 * --allow-write (fix may write without asking), --lang en|zh-cn.
 * A bad argument is answered with a tool error (isError: the model reads it and retries), an
 * unknown tool with a JSON-RPC error; either way the server goes on serving. stdout carries only the protocol; diagnostics go to stderr.
 */
import { parseArgs } from 'node:util';
import Ajv, { type ValidateFunction } from 'ajv';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { normalizeLanguage } from '../core/index';
import { ToolError, ZhenTools } from './tools';

// The low-level Server with JSON Schemas (validated by ajv, which the core bundles already), not
// McpServer with zod schemas: McpServer pulls in zod v3 and v4 whole, +450 KB in dist/cli.js.
const lang = { enum: ['en', 'zh-cn'], description: "Language of messages (default: .zhen.yml `language`, else the server's locale)." };
const text = { type: 'string', description: 'The Markdown text of a post (front matter included). Give text or path.' };
const path = { type: 'string', minLength: 1, description: 'A file or folder inside the workspace, absolute or relative to its root. Give text or path.' };
const filename = { type: 'string', minLength: 1, description: "With text: the path the post would have in the workspace (for rules that look at the file name or the site's files)." };
const object = (properties: Record<string, object>, required: string[] = []): Tool['inputSchema'] => ({ type: 'object', properties, required, additionalProperties: false });
const readOnly = { readOnlyHint: true, openWorldHint: false };

export const TOOLS: Tool[] = [
  {
    name: 'check',
    title: 'Check a post',
    description: 'Findings for a Markdown text or for the posts at a path: {files:[{path, findings:[{rule, severity, message, line, column, endLine, endColumn, fixes:[{title, edits}]}]}]}, exactly as `zhen check --format json`. Lines and columns are 1-based; columns count UTF-16 code units.',
    inputSchema: object({ text, path, filename, lang }),
    annotations: readOnly,
  },
  {
    name: 'fix',
    title: 'Fix a post',
    description: 'Applies every safe fix (as `zhen check --fix`): typesetting, letter case, discouraged spellings; never invents a citation. Returns the fixed text, the changes (rule, before → after, position in the text as given) and how many findings remain. With a path and write: true the file is written, only if the server was started with --allow-write or the user confirms through the client.',
    inputSchema: object({ text, path, filename, write: { type: 'boolean', description: "With path: write the fixed text back to the file (needs --allow-write or the user's confirmation)." }, lang }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'explain',
    title: 'Explain a rule',
    description: 'What a rule (e.g. typo/cjk-latin-spacing, claim/unlinked) catches and why, with a bad and a good example, its default severity, options, messages and how to configure or silence it. A family name (claim, term, typo, front-matter) lists its rules.',
    inputSchema: object({ rule: { type: 'string', minLength: 1, description: "A rule id as in a finding's `rule`, or a family." } }, ['rule']),
    annotations: readOnly,
  },
  {
    name: 'glossary',
    title: 'Look up a term',
    description: "A term's glossary entry (the bundled glossary merged with the workspace's .zhen.yml): preferred Chinese and English forms, abbreviation, accepted variants, spellings to avoid, senses, definition, and the card the editor shows on hover (with the workspace's uses). Any spelling finds it: 大语言模型, LLM, large language model.",
    inputSchema: object({ term: { type: 'string', minLength: 1, description: 'Any spelling of the term, or its id.' }, lang }, ['term']),
    annotations: readOnly,
  },
  {
    name: 'cite',
    title: 'Find sources for a claim',
    description: "The source names in a claim (据 Demandsage 报告显示…) and the URLs the workspace already knows for each: .zhen.yml `sources:`, links in the claim, links in any post of the workspace; also the claim findings of the text. Nothing is fetched from the network.",
    inputSchema: object({ claim: { type: 'string', minLength: 1, description: 'The sentence or paragraph that needs a source.' }, lang }, ['claim']),
    annotations: readOnly,
  },
];

/** A tool result: the JSON as text (for every client) and as structured content. */
function ok(value: object): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value as Record<string, unknown> };
}

function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

export function createMcpServer(tools: ZhenTools, version: string): Server {
  const server = new Server(
    { name: 'zhen', title: 'Zhen (Chinese technical writing checker)', version },
    {
      capabilities: { tools: {} },
      instructions:
        'Zhen checks Chinese technical Markdown posts: front matter, unsourced claims, terminology drift, bilingual typesetting. ' +
        'Call check on a draft; fix applies every safe fix and says what changed; explain tells what a rule id means; ' +
        'glossary gives the preferred forms of a term; cite finds known source URLs for the names in a claim.',
    },
  );
  const ajv = new Ajv({ allErrors: true });
  const validators = new Map<string, ValidateFunction>(TOOLS.map((t) => [t.name, ajv.compile(t.inputSchema)]));

  /** Ask the user, through the client, whether `fix` may write (MCP elicitation); undefined when the client cannot ask. */
  const confirm = async (message: string): Promise<boolean | undefined> => {
    if (!server.getClientCapabilities()?.elicitation) return undefined;
    try {
      const r = await server.elicitInput({
        mode: 'form',
        message,
        requestedSchema: { type: 'object', properties: { write: { type: 'boolean', title: 'Write the file', default: false } }, required: ['write'] },
      });
      return r.action === 'accept' && r.content?.write === true;
    } catch {
      return undefined;
    }
  };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name } = request.params;
    const validate = validators.get(name);
    // An unknown tool is a protocol error; invalid arguments are a tool error the model can read
    // and correct (MCP 2025-11-25, SEP-1303), as the SDK's McpServer answers them too.
    if (!validate) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${name}"; the tools are ${TOOLS.map((t) => t.name).join(', ')}`);
    const args = (request.params.arguments ?? {}) as Record<string, any>;
    if (!validate(args)) {
      const why = (validate.errors ?? []).map((e) => `${e.instancePath || 'arguments'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`).join('; ');
      return toolError(`invalid arguments for ${name}: ${why}`);
    }
    try {
      switch (name) {
        case 'check':
          return ok(await tools.check(args));
        case 'fix':
          return ok(await tools.fix(args, confirm));
        case 'explain':
          return ok(tools.explain(args as { rule: string }));
        case 'glossary':
          return ok(await tools.glossary(args as { term: string }));
        default:
          return ok(await tools.cite(args as { claim: string }));
      }
    } catch (err) {
      if (err instanceof ToolError) return toolError(err.message);
      // Never a crash: an internal failure is this call's error, the server goes on.
      process.stderr.write(`zhen mcp: ${name}: ${(err as Error)?.stack ?? err}\n`);
      return toolError(`internal error in ${name}: ${(err as Error)?.message ?? err}`);
    }
  });
  return server;
}

/** `zhen mcp [--root DIR] [--allow-write] [--lang en|zh-cn]`: serve until stdin closes. */
export async function runMcpServer(argv: string[], version: string, script: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { root: { type: 'string' }, 'allow-write': { type: 'boolean', default: false }, lang: { type: 'string' } },
  });
  if (values.lang && !/^(en|zh|zh-cn|zh_cn|zh-hans)$/i.test(values.lang)) {
    process.stderr.write(`zhen: --lang must be en or zh-cn, not "${values.lang}"\n`);
    return 2;
  }
  const tools = new ZhenTools({
    root: values.root ?? process.cwd(),
    allowWrite: values['allow-write']!,
    lang: values.lang ? normalizeLanguage(values.lang) : undefined,
    script,
  });
  const server = createMcpServer(tools, version);
  const transport = new StdioServerTransport();
  const closed = new Promise<number>((done) => {
    transport.onclose = () => done(0);
    process.stdin.once('end', () => done(0));
  });
  await server.connect(transport);
  process.stderr.write(`zhen mcp ${version}: serving the workspace ${tools.root} over stdio${values['allow-write'] ? ' (writes allowed)' : ' (read-only)'}\n`);
  return closed;
}
