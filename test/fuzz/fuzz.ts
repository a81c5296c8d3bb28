/**
 * `npm run fuzz`: random and mutated posts (from ../shared/corpus/posts and test/fixtures) through
 * `analyze()`, the hover/completion/summary providers, fix-all, (one in ten) the Node host's
 * byte-level read and write in another encoding with mutated bytes, and (a share of them) the
 * running language server with random edit sequences. See check.ts, bytes.ts and server.ts.
 *
 *   npm run fuzz -- [--seed S] [--count N] [--server-share 0.05] [--workers N] [--out DIR] [--only I]
 *
 * Input I of seed S is a pure function of (S, I) and the sorted source list, so `--only I`
 * replays it. Failing inputs go to DIR (default `out/fuzz-failures/`) as `<seed>-<I>/` with the post,
 * the config, the server steps and what failed. Inputs over the time budget (1 s per 100 KB) are
 * saved as `slow-<seed>-<I>/` and counted apart. Exit code 1 on any failure (slow inputs do not fail).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkCore, makeCase, type Problem } from './check';
import { checkBytes } from './bytes';
import { Rng, generateConfig, generateInput } from './mutate';
import { FuzzServer, type ServerStep } from './server';
import { markdownFiles } from '../helpers/files';

const repoRoot = join(__dirname, '..', '..');
/** An input that takes this long is a hang (the time budget of the largest input is 1.2 s). */
const HANG_MS = 60_000;

interface Options {
  seed: string;
  count: number;
  serverShare: number;
  workers: number;
  out: string;
  only?: number;
}

interface Outcome {
  index: number;
  problems: Problem[];
  slow?: { ms: number; length: number };
  /** Saved only for failing or slow inputs. */
  input?: { text: string; configText?: string; mutations: string[]; source: string; steps?: ServerStep[]; path?: string; bytes?: Uint8Array };
}

function parseArgs(argv: string[]): Options {
  const o: Options = { seed: String(Date.now() % 1_000_000), count: 2000, serverShare: 0.05, workers: availableParallelism(), out: join(repoRoot, 'out', 'fuzz-failures') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const name = a.split('=')[0];
    if (name === '--seed') o.seed = v();
    else if (name === '--count') o.count = Number(v());
    else if (name === '--server-share') o.serverShare = Number(v());
    else if (name === '--workers') o.workers = Math.max(1, Number(v()));
    else if (name === '--out') o.out = resolve(v());
    else if (name === '--only') o.only = Number(v());
    else if (a === '--help' || a === '-h') {
      console.log('npm run fuzz -- [--seed S] [--count N] [--server-share F] [--workers N] [--out DIR] [--only I]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.count) || o.count < 0) throw new Error('--count must be a whole number');
  if (!(o.serverShare >= 0 && o.serverShare <= 1)) throw new Error('--server-share must be between 0 and 1');
  return o;
}

/** The seed posts: every Markdown file of the corpus (if present) and of test/fixtures, sorted. */
function sourceFiles(): string[] {
  const corpus = join(repoRoot, '..', 'shared', 'corpus', 'posts');
  return [...(existsSync(corpus) ? markdownFiles(corpus) : []), ...markdownFiles(join(repoRoot, 'test', 'fixtures'))];
}

/** Run inputs `indexes` in this thread. */
async function runInputs(o: Options, sources: string[], indexes: number[], report: (r: Outcome | { start: number }) => void): Promise<void> {
  const cache = new Map<number, string>();
  const read = (i: number) => {
    let t = cache.get(i);
    if (t === undefined) {
      try {
        t = readFileSync(sources[i], 'utf8');
      } catch {
        t = '';
      }
      if (cache.size > 400) cache.clear();
      cache.set(i, t);
    }
    return t;
  };
  const names = sources.map((s) => relative(repoRoot, s));
  let server: FuzzServer | undefined;
  try {
    for (const index of indexes) {
      report({ start: index });
      const rng = new Rng(`${o.seed}:${index}`);
      const gen = generateInput(rng, names, read);
      const configText = rng.chance(0.4) ? generateConfig(rng) : undefined;
      const other = () => read(rng.int(0, Math.max(0, sources.length - 1))) ?? '';
      const c = makeCase(rng, gen.text, configText, sources.length ? other : () => '');
      const core = checkCore(c, rng);
      const problems = [...core.problems];
      let steps: ServerStep[] | undefined;
      if (rng.next() < o.serverShare) {
        steps = FuzzServer.plan(rng, gen.text);
        if (!server) {
          server = new FuzzServer(join(repoRoot, 'dist', 'server.js'));
          await server.start();
        }
        problems.push(...(await server.session(gen.text, steps, rng)));
      }
      // One input in ten: as bytes in another encoding, mutated, read, fixed and written back.
      const bytes = rng.chance(0.1) ? checkBytes(rng, gen.text) : undefined;
      if (bytes) problems.push(...bytes.problems);
      const out: Outcome = { index, problems };
      if (core.slow) out.slow = { ms: core.ms, length: gen.text.length };
      if (problems.length || core.slow) out.input = { text: gen.text, configText, mutations: [...gen.mutations, ...(bytes?.mutations ?? [])], source: gen.source, steps, path: c.workspace.path, bytes: bytes?.bytes };
      report(out);
    }
  } finally {
    await server?.stop();
  }
}

function save(o: Options, r: Outcome, kind: 'fail' | 'slow'): string {
  const dir = join(o.out, `${kind === 'slow' ? 'slow-' : ''}${o.seed}-${r.index}`);
  mkdirSync(dir, { recursive: true });
  const inp = r.input!;
  writeFileSync(join(dir, 'input.md'), inp.text);
  if (inp.bytes) writeFileSync(join(dir, 'input.bin'), inp.bytes); // the byte-level input (bytes.ts)
  if (inp.configText !== undefined) writeFileSync(join(dir, '.zhen.yml'), inp.configText);
  writeFileSync(
    join(dir, 'report.json'),
    JSON.stringify({ seed: o.seed, index: r.index, replay: `npm run fuzz -- --seed ${o.seed} --only ${r.index} --server-share ${o.serverShare}`, source: inp.source, mutations: inp.mutations, path: inp.path, length: inp.text.length, slow: r.slow, problems: r.problems, serverSteps: inp.steps }, null, 2),
  );
  return dir;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const sources = sourceFiles();
  const indexes = o.only !== undefined ? [o.only] : Array.from({ length: o.count }, (_, i) => i);
  const workers = Math.min(o.workers, Math.max(1, indexes.length));
  const serverNeeded = o.serverShare > 0;
  if (serverNeeded && !existsSync(join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `node esbuild.mjs` first');
  const t0 = Date.now();
  let done = 0;
  let failures = 0;
  let slow = 0;
  const byKind = new Map<string, number>();
  const onResult = (r: Outcome) => {
    done++;
    if (r.problems.length) {
      failures++;
      const dir = save(o, r, 'fail');
      for (const p of r.problems) byKind.set(`${p.kind}${p.rule ? ` ${p.rule}` : ''}`, (byKind.get(`${p.kind}${p.rule ? ` ${p.rule}` : ''}`) ?? 0) + 1);
      const p = r.problems[0];
      console.log(`FAIL #${r.index} ${p.kind}${p.rule ? ` [${p.rule}]` : ''}: ${p.message.split('\n')[0].slice(0, 200)}\n  saved in ${relative(process.cwd(), dir)}`);
    }
    if (r.slow) {
      slow++;
      const dir = save(o, r, 'slow');
      console.log(`SLOW #${r.index}: ${Math.round(r.slow.ms)} ms for ${r.slow.length} characters (budget 1 s per 100 KB)\n  saved in ${relative(process.cwd(), dir)}`);
    }
    const step = Math.max(1000, Math.round(indexes.length / 20));
    if (done % step === 0 && done < indexes.length) console.log(`progress: ${done}/${indexes.length} inputs, ${failures} failures, ${slow} slow, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  };
  const shares = Array.from({ length: workers }, (_, k) => indexes.filter((_, i) => i % workers === k));
  // A worker that reports nothing for HANG_MS is stuck on its current input: that input is a
  // failure ("hang"), regenerated here from its seed and saved; a new worker takes the rest.
  const runShare = (share: number[]): Promise<void> =>
    new Promise<void>((resolvePromise, reject) => {
      let current: number | undefined;
      let pos = 0;
      let last = Date.now();
      const w = new Worker(__filename, { workerData: { fuzz: true, options: o, sources, indexes: share } });
      const timer = setInterval(() => {
        if (Date.now() - last < HANG_MS || current === undefined) return;
        clearInterval(timer);
        const hung = current;
        void w.terminate().then(() => {
          const rng = new Rng(`${o.seed}:${hung}`);
          const gen = generateInput(rng, sources.map((x) => relative(repoRoot, x)), (i) => readFileSync(sources[i], 'utf8'));
          const configText = rng.chance(0.4) ? generateConfig(rng) : undefined;
          onResult({ index: hung, problems: [{ kind: 'hang', message: `no result after ${HANG_MS / 1000} s` }], input: { text: gen.text, configText, mutations: gen.mutations, source: gen.source } });
          runShare(share.slice(pos + 1)).then(resolvePromise, reject);
        });
      }, 1000);
      w.on('message', (m: Outcome | { start: number }) => {
        last = Date.now();
        if ('start' in m) current = m.start;
        else {
          pos++;
          current = undefined;
          onResult(m);
        }
      });
      w.once('error', (err) => {
        clearInterval(timer);
        reject(err);
      });
      w.once('exit', (code) => {
        if (current !== undefined && code !== 0 && Date.now() - last >= HANG_MS) return; // terminated above
        clearInterval(timer);
        if (code === 0) resolvePromise();
        else reject(new Error(`fuzz worker exited with ${code}`));
      });
    });
  await Promise.all(shares.map((share) => (share.length ? runShare(share) : Promise.resolve())));
  const secs = (Date.now() - t0) / 1000;
  for (const [k, n] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${k}`);
  console.log(`fuzz: ${done} inputs, ${failures} failures, ${slow} slow (seed ${o.seed}, ${sources.length} source posts, ${workers} workers, server share ${o.serverShare}, ${secs.toFixed(1)} s)`);
  if (done !== indexes.length) throw new Error(`only ${done} of ${indexes.length} inputs reported`);
  process.exitCode = failures ? 1 : 0;
}

if (!isMainThread && workerData?.fuzz) {
  const { options, sources, indexes } = workerData as { options: Options; sources: string[]; indexes: number[] };
  runInputs(options, sources, indexes, (r) => parentPort!.postMessage(r)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else if (isMainThread) {
  main().catch((err) => {
    console.error(`fuzz: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  });
}
