import { dayLabel, sameDay } from './time';

describe('dayLabel', () => {
  const now = new Date(2026, 10, 25, 12, 0);

  it('names today and yesterday, and dates before', () => {
    expect(dayLabel(new Date(2026, 10, 25, 0, 5).toISOString(), now)).toBe('Today');
    expect(dayLabel(new Date(2026, 10, 24, 23, 59).toISOString(), now)).toBe('Yesterday');
    expect(dayLabel(new Date(2026, 10, 20, 9, 0).toISOString(), now)).toMatch(/20/);
  });

  it('compares local days', () => {
    expect(
      sameDay(
        new Date(2026, 10, 25, 0, 1).toISOString(),
        new Date(2026, 10, 25, 23, 59).toISOString(),
      ),
    ).toBe(true);
    expect(
      sameDay(
        new Date(2026, 10, 24, 23, 59).toISOString(),
        new Date(2026, 10, 25, 0, 1).toISOString(),
      ),
    ).toBe(false);
  });
});
