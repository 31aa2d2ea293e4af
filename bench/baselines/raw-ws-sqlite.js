// Baseline `raw-ws-sqlite`: see server.js.
import { startBaseline } from './server.js';

startBaseline({ storage: 'each' });
