// The workloads of BENCHMARK.md: shape, stepped offered load, and the quick (CI) variant.
import { runHistoryStep, runLoginStep } from './http.js';
import { runIdleStep } from './idle.js';
import { runInboxStep } from './inbox.js';
import { runMessagingStep } from './messaging.js';
import { runReactionsStep } from './reactions.js';
import { runStormStep } from './storm.js';
import { runUploadStep } from './upload.js';

/**
 * @typedef {{
 *   id: string, title: string, unit: string, steps: number[], quickSteps: number[],
 *   httpOnly?: boolean, fadmannOnly?: boolean, climbOn?: string,
 *   latencyLimitMs: number | null, headline: string,
 *   run: (contender: any, step: number, run: any) => Promise<any>,
 * }} Workload
 */

// Messages per second per room while the storm runs: enough to miss some, not a fan-out test.
const STORM_ROOM_RATE = 2;

/** @type {Record<string, Workload>} */
export const WORKLOADS = {
  fanout: {
    id: 'fanout',
    title: '1 room x 1000 clients, 10 senders (quick: 200 clients)',
    unit: 'msg/s',
    steps: [10, 20, 50, 100, 200],
    quickSteps: [20],
    latencyLimitMs: 100,
    headline: 'deliveriesPerSec',
    run: (c, rate, run) =>
      runMessagingStep(
        c,
        { rooms: 1, perRoom: run.quick ? 200 : 1000, senders: 10, latencyLimitMs: 100 },
        rate,
        run,
      ),
  },
  rooms: {
    id: 'rooms',
    title: '100 rooms x 10 clients, all send (quick: 20 rooms)',
    unit: 'msg/s',
    steps: [500, 1000, 2000, 5000, 10000],
    quickSteps: [200],
    latencyLimitMs: 50,
    headline: 'offered',
    run: (c, rate, run) =>
      runMessagingStep(
        c,
        { rooms: run.quick ? 20 : 100, perRoom: 10, senders: 10, latencyLimitMs: 50 },
        rate,
        run,
      ),
  },
  dm: {
    id: 'dm',
    title: '1000 rooms x 2 clients, both send (quick: 100 rooms)',
    unit: 'msg/s',
    steps: [1000, 2000, 5000, 10000, 20000],
    quickSteps: [300],
    latencyLimitMs: 50,
    headline: 'offered',
    run: (c, rate, run) =>
      runMessagingStep(
        c,
        { rooms: run.quick ? 100 : 1000, perRoom: 2, senders: 2, latencyLimitMs: 50 },
        rate,
        run,
      ),
  },
  idle: {
    id: 'idle',
    title: 'N idle authenticated sockets, one ping each in the window, server heartbeat on',
    unit: 'sockets',
    steps: [1000, 5000, 10000, 20000, 50000],
    quickSteps: [300],
    latencyLimitMs: 50,
    headline: 'held',
    // "Held" means connected and kept, exactly: a slow pong does not stop the climb.
    climbOn: 'exact',
    run: (c, n, run) => runIdleStep(c, n, run),
  },
  storm: {
    id: 'storm',
    title:
      '5000 clients in 50 rooms drop and resume with since within 5 s, 2 msg/s flowing per room (quick: 200, 1.5 s)',
    unit: 'clients',
    steps: [5000],
    quickSteps: [200],
    latencyLimitMs: 50,
    headline: 'allBackMs',
    run: (c, n, run) =>
      runStormStep(
        c,
        {
          clients: n,
          perRoom: 100,
          rate: (n / 100) * STORM_ROOM_RATE,
          spreadMs: run.quick ? 1500 : 5000,
          settleMs: run.quick ? 700 : 3000,
        },
        run,
      ),
  },
  reactions: {
    id: 'reactions',
    title:
      '1 room x 200 clients, 10 senders at 50 msg/s, reactions added and removed over REST (quick: 50 clients, 20 msg/s); Fadmann only',
    unit: 'reactions/s',
    steps: [50, 100, 200, 500],
    quickSteps: [50],
    // The baselines have no reactions: Fadmann's figures only, no ratios.
    fadmannOnly: true,
    latencyLimitMs: 100,
    headline: 'deliveriesPerSec',
    run: (c, rate, run) =>
      runReactionsStep(
        c,
        {
          perRoom: run.quick ? 50 : 200,
          senders: 10,
          messageRate: run.quick ? 20 : 50,
          latencyLimitMs: 100,
        },
        rate,
        run,
      ),
  },
  inbox: {
    id: 'inbox',
    title:
      '500 users x 20 rooms of 40, one per-user socket each subscribing 1-2 rooms and following the rest by room.activity, one sender per room; vs the same on room sockets (quick: 50 users in 25 rooms, 100 msg/s); Fadmann only',
    unit: 'msg/s',
    steps: [10, 25, 50, 100, 200],
    // 4 msg/s per room of the 25: room.activity coalesces, so the last one's final state is tested.
    quickSteps: [100],
    // The baselines do not speak the per-user socket: the ratio is per-user ÷ room sockets.
    fadmannOnly: true,
    latencyLimitMs: 50,
    headline: 'offered',
    run: (c, rate, run) =>
      runInboxStep(c, { users: run.quick ? 50 : 500, latencyLimitMs: 50 }, rate, run),
  },
  upload: {
    id: 'upload',
    title:
      'N uploaders in a closed loop: POST /api/uploads of 1 MB (random bytes, kind file) then GET of its signed url, bytes compared; 1 room x 20 clients, 10 senders at 200 msg/s alongside, vs the same chat without uploads, and with 1 MB PNGs (quick: 10 clients, 50 msg/s, no PNGs); Fadmann only',
    unit: 'uploaders',
    steps: [4, 16, 32],
    quickSteps: [4],
    // The baselines have no uploads: Fadmann's figures only; ratios to its own variants.
    fadmannOnly: true,
    latencyLimitMs: 100,
    headline: 'deliveriesPerSec',
    run: (c, uploaders, run) =>
      runUploadStep(
        c,
        {
          perRoom: run.quick ? 10 : 20,
          senders: run.quick ? 5 : 10,
          messageRate: run.quick ? 50 : 200,
          latencyLimitMs: 100,
          // Quick mode checks the files' bytes only: PNGs take the server ~10x the CPU.
          png: !run.quick,
          pngPool: 32,
        },
        uploaders,
        run,
      ),
  },
  history: {
    id: 'history',
    title:
      'GET /messages pages at random cursors of a room of 1M messages, 50 connections (quick: 20k)',
    unit: 'conns',
    steps: [50],
    quickSteps: [50],
    httpOnly: true,
    latencyLimitMs: null,
    headline: 'rps',
    run: (c, conns, run) =>
      runHistoryStep(c, { messages: run.quick ? 20000 : 1_000_000, connections: conns }, run),
  },
  login: {
    id: 'login',
    title: 'POST /auth/login of 16 existing users, 10 connections',
    unit: 'conns',
    steps: [10],
    quickSteps: [10],
    httpOnly: true,
    latencyLimitMs: null,
    headline: 'rps',
    run: (c, conns, run) => runLoginStep(c, { users: run.quick ? 4 : 16, connections: conns }, run),
  },
};
