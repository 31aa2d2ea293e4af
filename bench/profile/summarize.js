// Sums the self time of a V8 .cpuprofile (from `node --cpu-prof`) per function and per
// file or package: `node bench/profile/summarize.js FILE.cpuprofile [--top 25]`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** @param {string} url */
function place(url) {
  if (!url) return '(native/V8)';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (u.startsWith('node:')) return u;
  const i = u.search(/\/(dist|src|bench)\//);
  return i >= 0 ? u.slice(i + 1) : u;
}

/** @param {any} profile */
export function summarise(profile, top = 25) {
  /** @type {Map<number, any>} */
  const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  let total = 0;
  /** @type {Map<string, number>} */
  const byFunction = new Map();
  /** @type {Map<string, number>} */
  const byPlace = new Map();
  for (const [id, us] of self) {
    const { callFrame: f } = nodes.get(id);
    total += us;
    const where = place(f.url);
    const fn = `${f.functionName || '(anonymous)'}  ${where}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPlace.set(where, (byPlace.get(where) ?? 0) + us);
  }
  // Who calls the top self-time functions (native ones such as `run` or `writev` say
  // little alone): the self time of each, split by its caller.
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (/** @type {any} */ f) =>
    `${f.functionName || '(anonymous)'}  ${place(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  /** @type {Map<string, Map<string, number>>} */
  const callers = new Map();
  for (const [id, us] of self) {
    const fn = label(nodes.get(id).callFrame);
    const p = parent.get(id);
    const by = callers.get(fn) ?? new Map();
    const caller = p !== undefined ? label(nodes.get(p).callFrame) : '(root)';
    by.set(caller, (by.get(caller) ?? 0) + us);
    callers.set(fn, by);
  }
  const rows = (/** @type {Map<string, number>} */ m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({
        name: k,
        ms: Math.round(us / 1000),
        pct: Math.round((us / total) * 1000) / 10,
      }));
  return {
    totalMs: Math.round(total / 1000),
    byFunction: rows(byFunction),
    byPlace: rows(byPlace),
    callersOfTop: rows(byFunction)
      .slice(0, 6)
      .map((r) => ({ name: r.name, callers: rows(callers.get(r.name) ?? new Map()).slice(0, 4) })),
  };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '');
if (isMain) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string' } },
  });
  for (const file of positionals) {
    const s = summarise(JSON.parse(readFileSync(file, 'utf8')), Number(values.top ?? 25));
    console.log(`\n${file}: ${s.totalMs} ms sampled`);
    console.log('\nself time by file or package:');
    for (const r of s.byPlace)
      console.log(`${String(r.pct).padStart(6)}%  ${String(r.ms).padStart(7)} ms  ${r.name}`);
    console.log('\nself time by function:');
    for (const r of s.byFunction)
      console.log(`${String(r.pct).padStart(6)}%  ${String(r.ms).padStart(7)} ms  ${r.name}`);
    console.log('\ncallers of the top functions (self ms):');
    for (const t of s.callersOfTop) {
      console.log(`  ${t.name}`);
      for (const c of t.callers) console.log(`      ${String(c.ms).padStart(7)} ms  <- ${c.name}`);
    }
  }
}
