// Baseline `raw-ws`: see server.js.
import { startBaseline } from './server.js';

startBaseline({ storage: 'none' });
