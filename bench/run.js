// `npm run bench -- [workload…] [--quick] [options]`: runs the baselines and Fadmann on the
// same workloads, interleaved step by step, prints the table (ratios first) and writes
// bench/results/latest.json. See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { baselineContender } from './contenders/baseline.js';
import { fadmannContender } from './contenders/fadmann.js';
import { machine, machineLine } from './lib/machine.js';
import { cpuUs, detectPinning, pinSelf, setPriority, sleep } from './lib/proc.js';
import { renderTargets, renderWorkload, stepRatios, sustainable, targets } from './lib/report.js';
import { WORKLOADS } from './workloads/index.js';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const ALL_CONTENDERS = ['raw-ws', 'raw-ws+sqlite', 'raw-ws+sqlite-batched', 'fadmann'];
const HEADLINES = {
  deliveriesPerSec: 'deliveries/s',
  offered: 'msgs/s',
  held: 'sockets held',
  allBackMs: 'ms until all back',
  rps: 'req/s',
};

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  allowNegative: true,
  options: {
    quick: { type: 'boolean', default: false },
    contenders: { type: 'string' },
    steps: { type: 'string' },
    warmup: { type: 'string' },
    window: { type: 'string' },
    gens: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'require-fadmann': { type: 'boolean', default: false },
    'keep-going': { type: 'boolean', default: false },
    rounds: { type: 'string' },
    build: { type: 'boolean', default: true },
    nice: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) {
  console.log(`usage: npm run bench -- [${Object.keys(WORKLOADS).join('|')} …] [--quick]
  --contenders a,b      subset of ${ALL_CONTENDERS.join(', ')}
  --steps 10,50         override the offered steps of the chosen workload(s)
  --warmup S --window S seconds per step (default 3 and 10; quick 0.3 and 0.8)
  --gens N              load-generator processes (default: one per load core)
  --rounds N            run each step N times, contenders interleaved each time (default 1)
  --keep-going          run every step even after a contender failed two in a row
  --profile             CPU profile of fadmann's measured windows (bench/results/profiles)
  --nice N              run servers and generators at nice -N (shared machine; off by default)
  --no-build            do not build dist/ when it is missing or older than src/
  --require-fadmann     exit non-zero when fadmann is not available
  --out FILE            results JSON (default bench/results/latest.json)`);
  process.exit(0);
}

const unknown = positionals.filter((w) => !WORKLOADS[w]);
if (unknown.length) {
  console.error(
    `unknown workload(s): ${unknown.join(', ')}; known: ${Object.keys(WORKLOADS).join(', ')}`,
  );
  process.exit(2);
}
const chosen = positionals.length ? positionals : Object.keys(WORKLOADS);
const quick = opts.quick;
const pinning = detectPinning();
pinSelf(pinning.load);
const loadCores = pinning.pinned ? pinning.cores - 1 : pinning.cores;
const run = {
  quick,
  pinning,
  loadCores,
  warmMs: Number(opts.warmup ?? (quick ? 0.3 : 3)) * 1000,
  windowMs: Number(opts.window ?? (quick ? 0.8 : 10)) * 1000,
  drainMs: quick ? 3000 : 5000,
  gens: Number(opts.gens ?? Math.max(1, loadCores)),
  // Users behind the sockets (a user may hold many): fewer in quick mode, as logins are slow on purpose.
  userPool: quick ? 8 : 32,
  // idle restarts each server before each step (fresh memory), except in quick mode.
  freshServer: !quick,
};
const rounds = Math.max(1, Number(opts.rounds ?? 1));
if (opts.nice) setPriority(Number(opts.nice));
const profileDir = `${RESULTS}profiles`;
if (opts.profile) mkdirSync(profileDir, { recursive: true });

const names = opts.contenders ? opts.contenders.split(',') : ALL_CONTENDERS;
const contenders = names.map((n) =>
  n === 'fadmann'
    ? fadmannContender({ pinning, build: opts.build })
    : baselineContender(/** @type {any} */ (n), { pinning }),
);

const log = (/** @type {string} */ s) => process.stderr.write(`${s}\n`);
let stopping = false;
async function stopAll() {
  if (stopping) return;
  stopping = true;
  await Promise.all(contenders.map((c) => c.stop().catch(() => undefined)));
}
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(sig, () => {
    log(`\n${sig}: stopping the servers`);
    void stopAll().then(() => process.exit(130));
  });
}

/** The idle steps the file-descriptor limit allows; one capped step replaces the rest. */
function idleSteps(/** @type {number[]} */ steps) {
  const max = pinning.fdLimit - 300;
  const kept = steps.filter((n) => n <= max);
  if (kept.length === steps.length) return { steps, note: '' };
  const capped = Math.floor(max / 100) * 100;
  const dropped = steps.filter((n) => n > max);
  return {
    steps: kept.at(-1) !== capped ? [...kept, capped] : kept,
    note: `open-file hard limit ${pinning.fdLimit} (cannot be raised here): ${dropped.join(', ')} not reachable, capped at ${capped}`,
  };
}

/** @param {import('./workloads/index.js').Workload} def */
async function runWorkload(def) {
  const applicable = contenders.filter(
    (c) =>
      c.available &&
      (!def.fadmannOnly || !c.baseline) &&
      (!def.httpOnly || (c.http && (c.name === 'raw-ws+sqlite' || !c.baseline))),
  );
  let steps = opts.steps ? opts.steps.split(',').map(Number) : quick ? def.quickSteps : def.steps;
  let limitNote = '';
  if (def.id === 'idle') ({ steps, note: limitNote } = idleSteps(steps));
  if (limitNote) log(`[idle] ${limitNote}`);
  const failedBelow = new Set();
  const stepResults = [];
  for (const step of steps) {
    /** @type {Record<string, any[]>} */
    const tries = {};
    // Rounds interleave the contenders again (A B C D A B C D): noise hits them alike.
    for (let round = 0; round < rounds; round++) {
      for (const c of applicable) {
        if (!c.available || failedBelow.has(c.name)) continue;
        (tries[c.name] ??= []).push(await runCell(def, c, step, round));
      }
    }
    /** @type {Record<string, any>} */
    const results = {};
    for (const c of applicable) {
      if (tries[c.name]) results[c.name] = best(tries[c.name]);
      else if (!c.available) results[c.name] = { error: `not available: ${c.reason}` };
      else results[c.name] = { skipped: 'failed a lower step' };
      const r = results[c.name];
      if (r.skipped || !tries[c.name]) continue;
      // Two failed steps in a row (or a lost/doubled delivery) end a contender's climb.
      const passed = (/** @type {any} */ x) => (def.climbOn === 'exact' ? x?.exact : x?.pass);
      const failedTwice = !passed(r) && passed(stepResults.at(-1)?.results[c.name]) === false;
      if (!opts['keep-going'] && !quick && (failedTwice || r.exact === false || r.error)) {
        failedBelow.add(c.name);
      }
    }
    stepResults.push({ step, results, ratios: stepRatios(def.id, results) });
  }
  const contenderNames = applicable.map((c) => c.name);
  return {
    id: def.id,
    title: def.title,
    unit: def.unit,
    httpOnly: !!def.httpOnly,
    headline: def.headline,
    headlineLabel: HEADLINES[/** @type {keyof typeof HEADLINES} */ (def.headline)],
    contenders: contenderNames,
    limitNote,
    steps: stepResults,
    sustainable: Object.fromEntries(
      contenderNames.map((n) => [n, sustainable(stepResults, n, def.headline, def.climbOn)]),
    ),
  };
}

/**
 * One contender on one step: runs it, logs a line, waits for the server to be quiet.
 * @param {import('./workloads/index.js').Workload} def @param {any} c @param {number} step @param {number} round
 */
async function runCell(def, c, step, round) {
  const started = Date.now();
  let r;
  try {
    const suffix = rounds > 1 ? `-r${round + 1}` : '';
    const profileFile =
      opts.profile && !c.baseline
        ? `${profileDir}/${c.name}-${def.id}-${step}${suffix}.cpuprofile`
        : undefined;
    r = await def.run(c, step, { ...run, profileFile });
    if (profileFile) log(`  profile of the window: ${profileFile}`);
  } catch (err) {
    r = {
      error: String(/** @type {Error} */ (err).stack ?? err)
        .split('\n')
        .slice(0, 3)
        .join(' '),
    };
  }
  if (c.pid && !isAlive(c.pid)) {
    c.available = false;
    c.reason = `the server died during ${def.id} ${step}`;
    r.error ??= c.reason;
  }
  const tag = rounds > 1 ? ` round ${round + 1}` : '';
  log(
    `[${def.id} ${step} ${def.unit}${tag}] ${c.name}: ${summaryLine(def, r)} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  await settle(c, quick ? 1000 : 15000);
  return r;
}

/**
 * Of several rounds, the one that shows what the contender can do (noise only ever slows
 * it): an exactly-once failure wins (it must be seen), then passing, then the lower p99.
 * @param {any[]} list
 */
function best(list) {
  if (list.length === 1) return list[0];
  const p99 = (/** @type {any} */ r) => r.latency?.p99 ?? r.firstAfter?.p99 ?? Infinity;
  // An error or a lost/doubled delivery is shown whatever the other rounds did.
  const rank = (/** @type {any} */ r) => (r.error ? 3 : r.exact === false ? 2 : r.pass ? 1 : 0);
  const sorted = [...list].sort((a, b) => rank(b) - rank(a) || p99(a) - p99(b));
  const all = list.map((r) => ({ status: r.status ?? 'ERROR', p99: p99(r), eldP99: r.eldP99 }));
  return { ...sorted[0], rounds: all };
}

/** Waits (bounded) until the server is quiet again, so a backlog does not weigh on the next contender. */
async function settle(/** @type {any} */ c, /** @type {number} */ maxMs) {
  const deadline = Date.now() + maxMs;
  let before = c.pid ? cpuUs(c.pid) : null;
  while (before !== null && Date.now() < deadline) {
    await sleep(quick ? 100 : 250);
    const now = cpuUs(c.pid);
    if (now === null || now - before < (quick ? 10_000 : 25_000)) return;
    before = now;
  }
}

function isAlive(/** @type {number} */ pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** @param {any} def @param {any} r */
function summaryLine(def, r) {
  if (r.error) return `ERROR ${r.error}`;
  const p99 = def.id === 'storm' ? r.firstAfter?.p99 : r.latency?.p99;
  const head = r[def.headline];
  return `${r.status} ${def.headline}=${head ?? '-'} p99=${p99 ?? '-'}ms ELDp99=${r.eldP99 ?? '-'}ms lost=${r.lost ?? r.errors ?? 0} dup=${r.duplicates ?? 0}${r.why?.length ? ` [${r.why.join('; ')}]` : ''}`;
}

async function main() {
  const started = new Date();
  const m = machine(pinning);
  m.priority = opts.nice ? Number(opts.nice) : 0;
  log(`Fadmann bench (${quick ? 'quick' : 'full'}): ${chosen.join(', ')}`);
  log(machineLine(m));
  await Promise.all(contenders.map((c) => c.start()));
  for (const c of contenders) {
    const built = c.build ? ` (${c.build}${c.version ? `, source ${c.version}` : ''})` : '';
    log(
      `  ${c.name}: ${c.available ? `up, pid ${c.pid}, ${c.baseUrl}${built}` : `not available: ${c.reason}`}`,
    );
  }
  /** @type {Record<string, any>} */
  const workloads = {};
  try {
    for (const id of chosen) workloads[id] = await runWorkload(WORKLOADS[id]);
  } finally {
    await stopAll();
  }

  const order = contenders
    .filter((c) => Object.values(workloads).some((w) => w.contenders.includes(c.name)))
    .map((c) => c.name);
  const out = [];
  out.push(`\nFadmann bench, ${quick ? 'quick' : 'full'} run, ${started.toISOString()}`);
  out.push(machineLine(m, true));
  out.push(
    `ratios are contender ÷ baseline of the same figure, same step, same run; latency in ms; ELD = server event-loop delay`,
  );
  for (const c of contenders) if (!c.available) out.push(`${c.name}: not available: ${c.reason}`);
  const goals = targets(workloads);
  if (contenders.some((c) => c.name === 'fadmann')) out.push(renderTargets(goals));
  for (const id of chosen)
    out.push(
      renderWorkload(
        workloads[id],
        order.filter((n) => workloads[id].contenders.includes(n)),
      ),
    );
  console.log(out.join('\n'));

  const inexact = [];
  for (const w of Object.values(workloads)) {
    for (const s of w.steps) {
      for (const [name, r] of Object.entries(s.results)) {
        if (r.skipped) continue;
        if (r.error || r.exact === false)
          inexact.push(`${w.id} ${s.step} ${name}: ${r.error ?? r.why?.join('; ')}`);
      }
    }
  }
  const missing = contenders.filter((c) => !c.available && (c.baseline || opts['require-fadmann']));
  const result = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: m,
    settings: { warmMs: run.warmMs, windowMs: run.windowMs, drainMs: run.drainMs, gens: run.gens },
    contenders: contenders.map((c) => ({
      name: c.name,
      available: c.available,
      reason: c.reason || undefined,
      source: c.version || undefined,
    })),
    targets: goals,
    workloads,
    exactlyOnce: inexact.length === 0,
    problems: inexact,
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = opts.out ?? `${RESULTS}latest.json`;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  const tookS = Math.round((Date.now() - started.getTime()) / 1000);
  log(`\nresults: ${file} (the run took ${tookS} s)`);
  if (inexact.length) log(`NOT exactly once / errors:\n  ${inexact.join('\n  ')}`);
  if (missing.length)
    log(`not available: ${missing.map((c) => `${c.name} (${c.reason})`).join(', ')}`);
  // Quick mode (CI) fails on lost or doubled deliveries and errors, never on a speed target.
  if (quick && (inexact.length || missing.length)) process.exit(1);
  if (missing.length) process.exit(1);
}

main().catch(async (err) => {
  console.error(err);
  await stopAll();
  process.exit(1);
});
