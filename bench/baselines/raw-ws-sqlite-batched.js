// Baseline `raw-ws-sqlite-batched`: see server.js.
import { startBaseline } from './server.js';

startBaseline({ storage: 'batched' });
