// Turning what the coordinator measured into the reported figures and the pass rule:
// >= 99.9% delivered, none twice, p99 within the workload's limit, server ELD p99 <= 50 ms.

export const ELD_LIMIT_MS = 50;
export const DELIVERED_MIN = 0.999;

const round = (/** @type {number | null | undefined} */ v, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? null
    : Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Figures common to every socket workload.
 * @param {any} res the coordinator's result
 * @param {{windowMs: number, loadCores: number}} ctx
 */
export function socketFigures(res, ctx) {
  const windowS = ctx.windowMs / 1000;
  const lost = Math.max(0, (res.expected ?? 0) - (res.arrived ?? 0));
  const deliveredShare = res.expected > 0 ? res.arrived / res.expected : 1;
  const genCpuPct = (res.generatorCpuUs / (ctx.windowMs * 1000)) * 100;
  return {
    expected: res.expected,
    arrived: res.arrived,
    lost,
    duplicates: res.counters?.duplicates ?? 0,
    unexpected: (res.counters?.unexpected ?? 0) + (res.counters?.foreign ?? 0),
    deliveredPct: round(deliveredShare * 100, 3),
    deliveriesPerSec: round((res.counters?.inWindow ?? 0) / windowS, 0),
    latency: res.latency,
    serverCpuUs: res.server?.cpuUs,
    rssMB: round((res.server?.rssEnd ?? 0) / 2 ** 20, 1),
    eldP99: res.server?.eld?.p99 ?? null,
    eldMax: res.server?.eld?.max ?? null,
    genCpuPct: round(genCpuPct, 0),
    genSaturated: genCpuPct > 90 * ctx.loadCores,
    sendLagP99: res.sendLag?.p99 ?? null,
    connect: res.connect,
    errorFrames: res.errorFrames,
    errorSamples: res.errorSamples,
    generatorFailures: res.failures,
    socketTrouble: (res.counters?.unexpectedCloses ?? 0) + (res.counters?.socketErrors ?? 0),
  };
}

/** Exactly once: nothing lost, nothing twice, nothing foreign. */
export const exactlyOnce = (/** @type {any} */ f) =>
  f.lost === 0 && f.duplicates === 0 && f.unexpected === 0 && (f.connect?.failed ?? 0) === 0;

/**
 * The pass rule of BENCHMARK.md; answers the status and the reasons it failed.
 * @param {any} f @param {number | null} latencyLimitMs null where latency is not judged
 * @param {number | null} p99 the latency p99 judged, in ms
 */
export function judge(f, latencyLimitMs, p99) {
  const why = [];
  if ((f.connect?.failed ?? 0) > 0) why.push(`${f.connect.failed} sockets failed to connect`);
  if (f.deliveredPct !== null && f.deliveredPct < DELIVERED_MIN * 100)
    why.push(`delivered ${f.deliveredPct}%`);
  if (f.duplicates > 0) why.push(`${f.duplicates} duplicates`);
  if (f.unexpected > 0) why.push(`${f.unexpected} unexpected deliveries`);
  if (latencyLimitMs !== null && (p99 === null || p99 > latencyLimitMs))
    why.push(`p99 ${p99} ms > ${latencyLimitMs}`);
  if (f.eldP99 === null) why.push('ELD probe did not answer within 5 s (event loop blocked)');
  else if (f.eldP99 > ELD_LIMIT_MS) why.push(`ELD p99 ${f.eldP99} ms > ${ELD_LIMIT_MS}`);
  if (f.generatorFailures?.length) why.push(...f.generatorFailures);
  const exact = exactlyOnce(f);
  const pass = why.length === 0;
  // PASS*: within the 99.9% rule but not exactly once; SLOW: exactly once but over a limit.
  const status = pass ? (exact ? 'PASS' : 'PASS*') : exact ? 'SLOW' : 'FAILED';
  return { pass, exact, status, why };
}

export { round };
