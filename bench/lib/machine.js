// The machine line printed with every run.
import { cpus } from 'node:os';

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
  };
}

/** @param {ReturnType<typeof machine>} m */
export const machineLine = (m) =>
  `machine: ${m.cores} cores, ${m.cpuModel}, Node ${m.node}, ${m.platform}; ${m.pinning}; open-file limit ${m.fdLimit}`;
