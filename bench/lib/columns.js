// The figures shown per workload kind: label, how to read it from a step result, and
// whether a ratio to a baseline means something for it.

/**
 * @typedef {{label: string, get: (r: any) => number | string | null | undefined, digits?: number, ratio?: boolean}} Column
 */

const lat = (/** @type {string} */ p, label = p) => ({
  label,
  get: (/** @type {any} */ r) => r.latency?.[p],
  digits: 2,
  ratio: true,
});

/** @type {Column[]} */
const MESSAGING = [
  { label: 'deliv/s', get: (r) => r.deliveriesPerSec, digits: 0, ratio: true },
  lat('p50'),
  lat('p90'),
  lat('p99'),
  lat('p999', 'p99.9'),
  lat('max'),
  { label: 'cpuµs/dlv', get: (r) => r.cpuUsPerDelivery, digits: 2, ratio: true },
  { label: 'cpuµs/msg', get: (r) => r.cpuUsPerMessage, digits: 1, ratio: true },
  { label: 'RSS MB', get: (r) => r.rssMB, digits: 0, ratio: true },
  { label: 'ELD p99', get: (r) => r.eldP99, digits: 1, ratio: true },
  { label: 'gen%', get: (r) => r.genCpuPct, digits: 0 },
  { label: 'lost', get: (r) => r.lost, digits: 0 },
  { label: 'dup', get: (r) => r.duplicates, digits: 0 },
];

/** @type {Column[]} */
const IDLE = [
  { label: 'held', get: (r) => r.held, digits: 0, ratio: true },
  { label: 'hs/s', get: (r) => r.handshakesPerSec, digits: 0, ratio: true },
  { label: 'KB/conn', get: (r) => r.rssPerConnKB, digits: 1, ratio: true },
  { label: 'ping p50', get: (r) => r.latency?.p50, digits: 2, ratio: true },
  { label: 'ping p99', get: (r) => r.latency?.p99, digits: 2, ratio: true },
  { label: 'cpuµs/sock·s', get: (r) => r.cpuUsPerSocketSecond, digits: 2, ratio: true },
  { label: 'RSS MB', get: (r) => r.rssMB, digits: 0, ratio: true },
  { label: 'ELD p99', get: (r) => r.eldP99, digits: 1, ratio: true },
  { label: 'no pong', get: (r) => (r.pings ?? 0) - (r.pongs ?? 0), digits: 0 },
];

/** @type {Column[]} */
const STORM = [
  { label: 'back', get: (r) => r.back, digits: 0 },
  { label: 'all back ms', get: (r) => r.allBackMs, digits: 0, ratio: true },
  { label: 'reconn p50', get: (r) => r.reconnect?.p50, digits: 1, ratio: true },
  { label: 'reconn p99', get: (r) => r.reconnect?.p99, digits: 1, ratio: true },
  { label: '1st-after p99', get: (r) => r.firstAfter?.p99, digits: 2, ratio: true },
  lat('p99', 'live p99'),
  { label: 'replayed', get: (r) => r.replayed, digits: 0 },
  { label: 'ELD p99', get: (r) => r.eldP99, digits: 1, ratio: true },
  { label: 'lost', get: (r) => r.lost, digits: 0 },
  { label: 'dup', get: (r) => r.duplicates, digits: 0 },
];

/** @type {Column[]} */
const HTTP = [
  { label: 'req/s', get: (r) => r.rps, digits: 1, ratio: true },
  lat('p50'),
  lat('p90'),
  lat('p99'),
  lat('max'),
  { label: 'cpuµs/req', get: (r) => r.cpuUsPerRequest, digits: 0, ratio: true },
  { label: 'RSS MB', get: (r) => r.rssMB, digits: 0, ratio: true },
  { label: 'ELD p99', get: (r) => r.eldP99, digits: 1, ratio: true },
  { label: 'errors', get: (r) => (r.errors ?? 0) + (r.non2xx ?? 0), digits: 0 },
];

/** @type {Column[]} */
const LOGIN = [
  ...HTTP,
  { label: 'hash ms', get: (r) => r.hashMs, digits: 1 },
  { label: 'of hash max', get: (r) => r.shareOfHashCeiling, digits: 2, ratio: true },
];

/** @type {Column[]} */
const REACTIONS = [
  { label: 'deliv/s', get: (r) => r.deliveriesPerSec, digits: 0 },
  lat('p50'),
  lat('p99'),
  lat('max'),
  { label: 'react/s', get: (r) => r.reactionsPerSec, digits: 0 },
  { label: 'react p50', get: (r) => r.reactionLatency?.p50, digits: 2 },
  { label: 'react p99', get: (r) => r.reactionLatency?.p99, digits: 2 },
  { label: 'events/s', get: (r) => r.eventsPerSec, digits: 0 },
  { label: 'cpuµs/dlv', get: (r) => r.cpuUsPerDelivery, digits: 2 },
  { label: 'ELD p99', get: (r) => r.eldP99, digits: 1 },
  { label: 'lost', get: (r) => r.lost, digits: 0 },
  { label: 'dup', get: (r) => r.duplicates, digits: 0 },
  { label: 'react err', get: (r) => r.reactionErrors, digits: 0 },
];

/** @type {Column[]} `inbox`: ratios are per-user sockets ÷ room sockets (its only comparison). */
const INBOX = [
  { label: 'msg dlv/s', get: (r) => r.deliveriesPerSec, digits: 0, ratio: true },
  { label: 'act/s', get: (r) => r.activityPerSec, digits: 0 },
  lat('p50'),
  lat('p99'),
  lat('max'),
  { label: 'act lag p50', get: (r) => r.activityLag?.p50, digits: 1 },
  { label: 'act lag p99', get: (r) => r.activityLag?.p99, digits: 1 },
  { label: 'cpuµs/frame', get: (r) => r.cpuUsPerDelivery, digits: 2, ratio: true },
  { label: 'cpuµs/msg', get: (r) => r.cpuUsPerMessage, digits: 1, ratio: true },
  { label: 'RSS MB', get: (r) => r.rssMB, digits: 0, ratio: true },
  { label: 'ELD p99', get: (r) => r.eldP99, digits: 1, ratio: true },
  { label: 'srv cpu%', get: (r) => r.serverCpuPct, digits: 0, ratio: true },
  { label: 'srv wait%', get: (r) => r.cpuWaitPct, digits: 0 },
  { label: 'gen%', get: (r) => r.genCpuPct, digits: 0 },
  { label: 'lost', get: (r) => r.lost, digits: 0 },
  { label: 'dup', get: (r) => r.duplicates, digits: 0 },
  { label: 'stale', get: (r) => r.activityStale, digits: 0 },
];

/**
 * @type {Column[]} `upload`: ratios are fadmann (1 MB files) ÷ its own variants, the same
 * chat without uploads and with 1 MB PNGs; the chat's figures are those of its messages.
 */
const UPLOAD = [
  { label: 'up/s', get: (r) => r.uploadsPerSec, digits: 1, ratio: true },
  { label: 'MB/s up', get: (r) => r.upMBps, digits: 1, ratio: true },
  { label: 'MB/s down', get: (r) => r.downMBps, digits: 1, ratio: true },
  { label: 'up p50', get: (r) => r.uploadLatency?.p50, digits: 1, ratio: true },
  { label: 'up p99', get: (r) => r.uploadLatency?.p99, digits: 1, ratio: true },
  { label: 'down p50', get: (r) => r.downloadLatency?.p50, digits: 1, ratio: true },
  { label: 'down p99', get: (r) => r.downloadLatency?.p99, digits: 1, ratio: true },
  { label: 'chat dlv/s', get: (r) => r.deliveriesPerSec, digits: 0 },
  lat('p50', 'chat p50'),
  lat('p99', 'chat p99'),
  { label: 'cpuµs/up', get: (r) => r.cpuUsPerUpload, digits: 0, ratio: true },
  { label: 'srv cpu%', get: (r) => r.serverCpuPct, digits: 0, ratio: true },
  { label: 'srv wait%', get: (r) => r.cpuWaitPct, digits: 0 },
  { label: 'RSS peak MB', get: (r) => r.rssPeakMB, digits: 0, ratio: true },
  { label: 'ELD p99', get: (r) => r.eldP99, digits: 1, ratio: true },
  { label: 'cli%', get: (r) => r.clientCpuPct, digits: 0 },
  { label: 'errors', get: (r) => r.uploadErrors, digits: 0 },
  { label: 'lost', get: (r) => r.lost, digits: 0 },
  { label: 'dup', get: (r) => r.duplicates, digits: 0 },
];

/** @param {string} workload */
export function columnsFor(workload) {
  if (workload === 'idle') return IDLE;
  if (workload === 'storm') return STORM;
  if (workload === 'history') return HTTP;
  if (workload === 'login') return LOGIN;
  if (workload === 'reactions') return REACTIONS;
  if (workload === 'inbox') return INBOX;
  if (workload === 'upload') return UPLOAD;
  return MESSAGING;
}
