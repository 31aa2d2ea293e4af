// The machine line printed with every run.
import { cpus, loadavg } from 'node:os';

/** @param {ReturnType<typeof import('./proc.js').detectPinning>} pinning */
export function machine(pinning) {
  const model = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return {
    cores: pinning.cores,
    cpuModel: model,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    pinning: pinning.pinned
      ? `server on core ${pinning.server}, load on ${pinning.load} (taskset)`
      : 'not pinned (taskset unavailable or one core)',
    fdLimit: pinning.fdLimit,
    // Other processes on a shared machine: the 1-minute load average at the start.
    loadAtStart: Math.round(loadavg()[0] * 10) / 10,
    priority: 0,
  };
}

/** @param {ReturnType<typeof machine>} m @param {boolean} [end] with the load average now */
export const machineLine = (m, end = false) =>
  `machine: ${m.cores} cores, ${m.cpuModel}, Node ${m.node}, ${m.platform}; ${m.pinning}; ` +
  `open-file limit ${m.fdLimit}; load average ${m.loadAtStart} at start` +
  (m.priority ? ` (bench at nice -${m.priority})` : '') +
  (end ? `, ${Math.round(loadavg()[0] * 10) / 10} at the end` : '');
