// A small runner for a composite GitHub Action (action.yml), as the GitHub runner executes one:
// there is no GitHub runner here, and `act` needs Docker and images from the network.
//
// What it does as the runner does (actions/runner, docs "Metadata syntax", "Workflow commands"):
//   - inputs: `with` values, else the input's default; a missing required input fails;
//     inputs are NOT set as INPUT_* variables (composite actions do not get them: actions/runner#665);
//   - expressions `${{ inputs.NAME }}`, `${{ steps.ID.outputs.NAME }}` in `env` values and `run`
//     text; any other expression, and keys this runner does not emulate (`if`, `uses`,
//     `working-directory` outside the workspace…), fail loudly instead of being skipped;
//   - each `run` step with `shell: bash` runs as `bash --noprofile --norc -eo pipefail FILE`
//     (the runner's template for bash) in GITHUB_WORKSPACE, with the job's variables (GITHUB_*,
//     RUNNER_TEMP, CI) plus the step's `env`;
//   - GITHUB_OUTPUT (`name=value` and `name<<DELIM` blocks) becomes steps.ID.outputs, GITHUB_PATH
//     lines are put before PATH for later steps, GITHUB_ENV sets variables for later steps,
//     GITHUB_STEP_SUMMARY is collected; the first failing step fails the action (later steps skipped);
//   - the action's `outputs` are evaluated at the end;
//   - workflow commands in a step's output are read with the runner's parser
//     (test/helpers/workflowCommand.ts, compiled by the test build into out/test/helpers).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/** `name=value` lines and `name<<DELIM` … `DELIM` blocks (the runner's file command format). */
export function readFileCommands(text) {
  const out = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      if (i >= lines.length) throw new Error(`file command: no closing ${heredoc[2]}`);
      out[heredoc[1]] = value.join('\n');
    } else {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`file command: not name=value: ${line}`);
      out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return out;
}

/**
 * Run the composite action at `actionDir` (its action.yml) in `workspace`.
 * `event`: { name, payload } for GITHUB_EVENT_NAME and the event file. `env`: the job's environment.
 * `parseCommand(line)`: a workflow-command parser (the test's port of the runner's).
 */
export function runCompositeAction({ actionDir, workspace, inputs = {}, event = { name: 'push', payload: {} }, env = {}, parseCommand }) {
  const action = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8'));
  if (action?.runs?.using !== 'composite') throw new Error('not a composite action');
  const given = { ...inputs };
  const values = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    if (name in given) values[name] = String(given[name]);
    else if (spec?.required && spec.default === undefined) throw new Error(`required input missing: ${name}`);
    else values[name] = spec?.default === undefined ? '' : String(spec.default);
    delete given[name];
  }
  const unknown = Object.keys(given);
  if (unknown.length) throw new Error(`inputs the action does not declare: ${unknown.join(', ')}`);

  const temp = mkdtempSync(join(env.RUNNER_TEMP ?? '/tmp', 'runner-'));
  const eventPath = join(temp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const steps = {};
  const evaluate = (text) =>
    String(text).replace(EXPRESSION, (_, expr) => {
      let m = /^inputs\.([A-Za-z_][\w-]*)$/.exec(expr);
      if (m) {
        if (!(m[1] in values)) throw new Error(`expression names an undeclared input: ${expr}`);
        return values[m[1]];
      }
      m = /^steps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)$/.exec(expr);
      if (m) return steps[m[1]]?.outputs?.[m[2]] ?? '';
      throw new Error(`expression this runner does not emulate: ${expr}`);
    });

  let jobEnv = {
    ...env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: actionDir,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    RUNNER_TEMP: temp,
  };
  const summary = join(temp, 'step_summary');
  writeFileSync(summary, '');
  let extraPath = [];
  const log = [];
  const annotations = [];
  let failed;
  for (const [k, step] of (action.runs.steps ?? []).entries()) {
    const keys = Object.keys(step).filter((key) => !['name', 'id', 'shell', 'run', 'env', 'working-directory'].includes(key));
    if (keys.length) throw new Error(`step ${k}: keys this runner does not emulate: ${keys.join(', ')}`);
    if (step.run === undefined) throw new Error(`step ${k}: not a run step`);
    if (step.shell !== 'bash') throw new Error(`step ${k}: shell ${step.shell} (a composite run step must name its shell; this runner does bash)`);
    if (failed) break;
    const files = { GITHUB_OUTPUT: join(temp, `output-${k}`), GITHUB_PATH: join(temp, `path-${k}`), GITHUB_ENV: join(temp, `env-${k}`) };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, v]) => [key, evaluate(v)]));
    const script = join(temp, `step-${k}.sh`);
    writeFileSync(script, evaluate(step.run));
    const cwd = step['working-directory'] ? join(workspace, evaluate(step['working-directory'])) : workspace;
    mkdirSync(cwd, { recursive: true });
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd,
      encoding: 'utf8',
      env: { ...jobEnv, ...stepEnv, ...files, GITHUB_STEP_SUMMARY: summary, PATH: [...extraPath, jobEnv.PATH].join(':') },
      maxBuffer: 1 << 28,
      timeout: 300_000,
    });
    const output = `${r.stdout ?? ''}`;
    log.push({ step: step.name ?? `step ${k}`, stdout: output, stderr: r.stderr ?? '', status: r.status });
    for (const line of output.split('\n')) {
      const cmd = parseCommand(line);
      if (cmd) annotations.push({ ...cmd, line });
    }
    if (step.id) steps[step.id] = { outputs: readFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')) };
    extraPath = [...readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean).reverse(), ...extraPath];
    jobEnv = { ...jobEnv, ...readFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')) };
    if (r.status !== 0) failed = { step: step.name ?? `step ${k}`, status: r.status };
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, o]) => [name, evaluate(o.value ?? '')]));
  return { ok: !failed, failed, outputs, annotations, log, summary: readFileSync(summary, 'utf8') };
}
