// Preloaded into every server under test (`node --import ./bench/load/eld-probe.js …`):
// measures the event-loop delay in-process with perf_hooks and serves it on a side port
// (env BENCH_PROBE_PORT), so Fadmann needs no bench endpoint of its own. It can also take
// a CPU profile of just the measured window through the inspector (`--profile`), which,
// unlike `--cpu-prof`, does not depend on how the server exits. Without the env variable
// it does nothing.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const port = Number(process.env.BENCH_PROBE_PORT ?? 0);

if (port > 0) {
  const resolutionMs = 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  // The histogram holds whole timer intervals: the delay is what exceeds the resolution.
  const ms = (/** @type {number} */ ns) =>
    Math.max(0, Math.round(ns / 1e4 - resolutionMs * 100) / 100);
  const eld = () =>
    histogram.count > 0
      ? {
          count: histogram.count,
          p50: ms(histogram.percentile(50)),
          p99: ms(histogram.percentile(99)),
          max: ms(histogram.max),
          mean: ms(histogram.mean),
        }
      : { count: 0, p50: 0, p99: 0, max: 0, mean: 0 };

  /** @type {Session | null} */
  let session = null;
  const profile = {
    start() {
      session = new Session();
      session.connect();
      session.post('Profiler.enable');
      session.post('Profiler.setSamplingInterval', { interval: 200 });
      session.post('Profiler.start');
    },
    /** @param {string} file @param {() => void} done */
    stop(file, done) {
      const s = session;
      session = null;
      if (!s) return done();
      s.post('Profiler.stop', (err, result) => {
        if (!err) writeFileSync(file, JSON.stringify(result.profile));
        s.disconnect();
        done();
      });
    },
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://probe');
    const answer = (/** @type {unknown} */ body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/profile/start') {
      profile.start();
      return answer({ profiling: true });
    }
    if (url.pathname === '/profile/stop') {
      return profile.stop(url.searchParams.get('file') ?? 'bench.cpuprofile', () =>
        answer({ profiling: false }),
      );
    }
    const body = eld();
    if (url.searchParams.get('reset') === '1') histogram.reset();
    answer(body);
  });
  server.listen(port, '127.0.0.1');
  server.unref();
}
