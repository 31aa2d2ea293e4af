import { useEffect, useState } from 'react';

import type { SocketStatus } from '../socket/userSocket';

/** A first connect this quick is not worth a banner. */
const GRACE_MS = 1500;

export function ConnectionBanner({
  status,
  onReconnect,
}: {
  status: SocketStatus;
  onReconnect: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const [since] = useState(() => Date.now());
  const offline = status.state === 'offline';
  const connecting = status.state === 'connecting';

  useEffect(() => {
    if (!offline && !connecting) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [offline, connecting]);

  if (connecting && status.attempt === 0 && now - since < GRACE_MS) return null;
  if (!offline && !connecting) return null;

  // `now` ticks only while the banner shows: never count from a moment before the drop.
  const seconds = offline
    ? Math.max(0, Math.ceil((status.retryAt - Math.max(now, status.since)) / 1000))
    : 0;
  return (
    <div className="banner offline" role="status">
      <span className="banner-dot" aria-hidden="true" />
      <span>
        {offline || status.attempt > 0
          ? `You are offline. Reconnecting${seconds > 0 ? ` in ${seconds} s` : ''}…`
          : 'Connecting…'}
      </span>
      {offline && (
        <button type="button" className="button small" onClick={onReconnect}>
          Reconnect now
        </button>
      )}
    </div>
  );
}
