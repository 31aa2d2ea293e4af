// Latency histograms (hdr-histogram-js) in microseconds, shipped between processes as
// compressed base64 and summarised in milliseconds.
import hdr from 'hdr-histogram-js';

const MAX_US = 300_000_000;

export function newHistogram() {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_US,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
  });
}

/** @param {import('hdr-histogram-js').Histogram} h @param {number} us */
export function record(h, us) {
  h.recordValue(us < 1 ? 1 : us > MAX_US ? MAX_US : Math.round(us));
}

/** @param {import('hdr-histogram-js').Histogram} h */
export const encode = (h) => hdr.encodeIntoCompressedBase64(h);

/** Adds encoded histograms into one. @param {(string | undefined)[]} encoded */
export function merge(encoded) {
  const total = newHistogram();
  for (const e of encoded) if (e) total.add(hdr.decodeFromCompressedBase64(e));
  return total;
}

const ms = (/** @type {number} */ us) => Math.round(us) / 1000;

/** @param {import('hdr-histogram-js').Histogram} h */
export function summarise(h) {
  if (h.totalCount === 0) return null;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/** Microseconds on the monotonic clock, the same in every process of the machine. */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);
