import { render, screen } from '@testing-library/react';

import { ConnectionBanner } from './ConnectionBanner';

describe(ConnectionBanner.name, () => {
  it('counts down from when the connection was lost, not from when the banner mounted', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-30T10:00:00Z'));
    const { rerender } = render(
      <ConnectionBanner status={{ state: 'online' }} onReconnect={() => undefined} />,
    );
    // A minute later the connection drops; the first retry is 2 s away.
    vi.setSystemTime(new Date('2026-11-30T10:01:00Z'));
    const since = Date.now();
    rerender(
      <ConnectionBanner
        status={{ state: 'offline', attempt: 1, since, retryAt: since + 2000 }}
        onReconnect={() => undefined}
      />,
    );
    expect(screen.getByRole('status').textContent).toContain('Reconnecting in 2 s');
    vi.useRealTimers();
  });
});
