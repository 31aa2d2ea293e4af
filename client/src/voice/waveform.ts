// A voice message's waveform: the level samples taken while recording, as the server
// takes them (1-128 integers 0-255).

export const MAX_WAVEFORM_LENGTH = 128;

/**
 * Fits `samples` into at most `max` bars: each bar the mean of its share of the samples,
 * rounded and clamped to 0-255. Never empty: the server needs at least one value.
 */
export function resampleWaveform(samples: readonly number[], max = MAX_WAVEFORM_LENGTH): number[] {
  if (!samples.length) return [0];
  const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(Number.isFinite(v) ? v : 0)));
  if (samples.length <= max) return samples.map(clamp);
  const bars: number[] = [];
  for (let bar = 0; bar < max; bar++) {
    const from = Math.floor((bar * samples.length) / max);
    const to = Math.floor(((bar + 1) * samples.length) / max);
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i];
    bars.push(clamp(sum / (to - from)));
  }
  return bars;
}

/** Scales the bars so the loudest is 255: a quiet microphone still draws a readable shape. */
export function normalizeWaveform(bars: readonly number[]): number[] {
  const peak = Math.max(0, ...bars);
  if (peak === 0) return bars.slice();
  return bars.map((v) => Math.round((v * 255) / peak));
}

/** The bars a player draws for a waveform: resampled to `count`, each 0-1. */
export function barHeights(waveform: readonly number[] | undefined, count: number): number[] {
  const source = waveform?.length ? waveform : [0];
  const bars: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = source[Math.min(source.length - 1, Math.floor((i * source.length) / count))];
    bars.push(Math.min(1, Math.max(0, value / 255)));
  }
  return bars;
}
