import { barHeights, MAX_WAVEFORM_LENGTH, normalizeWaveform, resampleWaveform } from './waveform';

describe('resampleWaveform', () => {
  it('keeps short recordings as they are, rounded and clamped to 0-255', () => {
    expect(resampleWaveform([0, 10.4, 300, -5, 254.6])).toEqual([0, 10, 255, 0, 255]);
  });

  it('is never empty: the server needs at least one value', () => {
    expect(resampleWaveform([])).toEqual([0]);
  });

  it('fits a long recording into 128 bars, each the mean of its share', () => {
    // 256 samples: pairs (0, 100) average to 50, the second half is all 200.
    const samples = [
      ...Array.from({ length: 128 }, (_, i) => (i % 2 ? 100 : 0)),
      ...Array(128).fill(200),
    ];
    const bars = resampleWaveform(samples);
    expect(bars).toHaveLength(MAX_WAVEFORM_LENGTH);
    expect(bars.slice(0, 64).every((v) => v === 50)).toBe(true);
    expect(bars.slice(64).every((v) => v === 200)).toBe(true);
  });

  it('takes any count of samples, also not a multiple of the bars', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i % 256);
    const bars = resampleWaveform(samples, 128);
    expect(bars).toHaveLength(128);
    expect(bars.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    expect(resampleWaveform(samples, 7)).toHaveLength(7);
  });
});

describe('normalizeWaveform', () => {
  it('scales the loudest bar to 255', () => {
    expect(normalizeWaveform([0, 20, 40])).toEqual([0, 128, 255]);
  });

  it('leaves silence as it is', () => {
    expect(normalizeWaveform([0, 0])).toEqual([0, 0]);
  });
});

describe('barHeights', () => {
  it('stretches a waveform over the bars drawn, as fractions', () => {
    expect(barHeights([0, 255], 4)).toEqual([0, 0, 1, 1]);
  });

  it('draws flat bars without a waveform', () => {
    expect(barHeights(undefined, 3)).toEqual([0, 0, 0]);
  });
});
