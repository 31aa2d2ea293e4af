// An autocannon run in its own process (forked by workloads/http.js, pinned to the load
// cores): a warm-up, then the measured window, reporting over IPC. `history` pages through
// a room at random cursors; `login` logs the prepared users in, round-robin.
import autocannon from 'autocannon';

/** @param {any} plan @param {number} durationMs */
function once(plan, durationMs) {
  let next = 0;
  const setupRequest = (/** @type {any} */ req) => {
    if (plan.kind === 'history') {
      const before = 1 + Math.floor(Math.random() * plan.lastSeq);
      req.path = `/api/rooms/${plan.roomId}/messages?before=${before}&limit=50`;
    } else {
      const username = plan.usernames[next++ % plan.usernames.length];
      req.path = '/api/auth/login';
      req.body = JSON.stringify({ username, password: plan.password });
    }
    return req;
  };
  const headers =
    plan.kind === 'history'
      ? { authorization: `Bearer ${plan.token}` }
      : { 'content-type': 'application/json' };
  return autocannon({
    url: plan.baseUrl,
    connections: plan.connections,
    duration: Math.max(0.5, durationMs / 1000),
    timeout: 10,
    headers,
    requests: [{ method: plan.kind === 'history' ? 'GET' : 'POST', path: '/', setupRequest }],
  });
}

process.once('message', async (/** @type {any} */ plan) => {
  await once(plan, plan.warmMs);
  process.send?.({ evt: 'window' });
  const r = await once(plan, plan.windowMs);
  process.send?.({
    evt: 'result',
    requests: r.requests.total,
    rps: r.requests.average,
    durationS: r.duration,
    latency: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      p999: r.latency.p99_9,
      max: r.latency.max,
      mean: r.latency.average,
    },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: r.statusCodeStats,
  });
  setTimeout(() => process.exit(0), 20);
});
