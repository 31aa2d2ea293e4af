// Preloaded into every server under test (`node --import ./bench/load/eld-probe.js …`):
// measures the event-loop delay in-process with perf_hooks and serves it on a side port
// (env BENCH_PROBE_PORT), so Fadmann needs no bench endpoint of its own. Without the env
// variable it does nothing.
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const port = Number(process.env.BENCH_PROBE_PORT ?? 0);

if (port > 0) {
  const resolutionMs = 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  // The histogram holds whole timer intervals: the delay is what exceeds the resolution.
  const ms = (/** @type {number} */ ns) =>
    Math.max(0, Math.round(ns / 1e4 - resolutionMs * 100) / 100);
  const server = createServer((req, res) => {
    const body =
      histogram.count > 0
        ? {
            count: histogram.count,
            p50: ms(histogram.percentile(50)),
            p99: ms(histogram.percentile(99)),
            max: ms(histogram.max),
            mean: ms(histogram.mean),
          }
        : { count: 0, p50: 0, p99: 0, max: 0, mean: 0 };
    if (req.url?.includes('reset=1')) histogram.reset();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  server.listen(port, '127.0.0.1');
  server.unref();
}
