import type { AppConfig } from '../config/app-config.js';
import { LoginLimiter } from './login-limiter.js';

describe(LoginLimiter.name, () => {
  const config = { loginFailureLimit: 3, loginFailureWindowMs: 60_000 } as AppConfig;
  let limiter: LoginLimiter;

  beforeEach(() => {
    limiter = new LoginLimiter(config);
  });

  const failTimes = (count: number, username: string, address: string, now: number) => {
    for (let i = 0; i < count; i++) limiter.recordFailure(username, address, now);
  };

  it('allows attempts below the limit', () => {
    failTimes(2, 'ana', '10.0.0.1', 1000);
    expect(() => limiter.check('ana', '10.0.0.1', 1000)).not.toThrow();
  });

  it('refuses a username that reached the limit, from any address, case-insensitively', () => {
    failTimes(3, 'ana', '10.0.0.1', 1000);
    expect(() => limiter.check('ANA', '10.0.0.2', 2000)).toThrow(
      expect.objectContaining({ code: 'rate_limited', retryAfterMs: 59_000 }),
    );
  });

  it('refuses an address that reached the limit, for any username', () => {
    limiter.recordFailure('a1', '10.0.0.9', 0);
    limiter.recordFailure('a2', '10.0.0.9', 0);
    limiter.recordFailure('a3', '10.0.0.9', 0);
    expect(() => limiter.check('someone', '10.0.0.9', 10)).toThrow(
      expect.objectContaining({ code: 'rate_limited' }),
    );
  });

  it('forgets failures after the window', () => {
    failTimes(3, 'ana', '10.0.0.1', 1000);
    expect(() => limiter.check('ana', '10.0.0.1', 61_001)).not.toThrow();
  });
});
