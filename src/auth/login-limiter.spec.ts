import type { AppConfig } from '../config/app-config.js';
import { DELAY_CAP_MS, LoginLimiter } from './login-limiter.js';

describe(LoginLimiter.name, () => {
  const config = {
    loginFailureLimit: 3,
    loginAddressFailureLimit: 5,
    loginFailureWindowMs: 60_000,
  } as AppConfig;
  const A = '10.0.0.1';
  const B = '10.0.0.2';
  let limiter: LoginLimiter;

  beforeEach(() => {
    limiter = new LoginLimiter(config);
  });

  const fail = (username: string, address: string, now: number, times = 1) => {
    for (let i = 0; i < times; i++) limiter.failed(limiter.reserve(username, address, now), now);
  };
  const succeed = (username: string, address: string, now: number) =>
    limiter.succeeded(limiter.reserve(username, address, now), now);
  const refusal = (username: string, address: string, now: number) => {
    try {
      limiter.released(limiter.reserve(username, address, now));
      return 0;
    } catch (error) {
      expect(error).toMatchObject({ code: 'rate_limited' });
      return (error as { retryAfterMs: number }).retryAfterMs;
    }
  };

  describe('per account and address', () => {
    it('refuses after the limit until the oldest failure leaves the window', () => {
      fail('ana', A, 1000, 2);
      expect(refusal('ana', A, 1000)).toBe(0);
      fail('ana', A, 2000);
      expect(refusal('ANA', A, 3000)).toBe(58_000);
      expect(refusal('ana', A, 61_001)).toBe(0);
    });

    it('counts attempts still being hashed: parallel guesses stop at the limit', () => {
      const inFlight = [1, 2, 3].map(() => limiter.reserve('ana', A, 0));
      expect(refusal('ana', A, 0)).toBe(1000);
      limiter.released(inFlight[0]);
      expect(refusal('ana', A, 0)).toBe(0);
      limiter.failed(inFlight[1], 5);
      limiter.failed(inFlight[2], 5);
      limiter.failed(limiter.reserve('ana', A, 6), 6);
      expect(refusal('ana', A, 7)).toBe(59_998);
    });

    it('never counts successful logins, and settles an attempt only once', () => {
      for (let i = 0; i < 10; i++) succeed('ana', A, i);
      const attempt = limiter.reserve('ana', A, 20);
      limiter.failed(attempt, 20);
      limiter.failed(attempt, 20);
      limiter.succeeded(attempt, 20);
      fail('ana', A, 21);
      expect(refusal('ana', A, 22)).toBe(0);
    });
  });

  describe('the innocent', () => {
    beforeEach(() => fail('ana', A, 1000, 3));

    it('lets another account from the same address in', () => {
      expect(refusal('bob', A, 1000)).toBe(0);
    });

    it("lets the owner in from an address that signed in before, whatever others' failures", () => {
      limiter.trust('ana', B, 0);
      fail('ana', '10.0.0.3', 5000);
      expect(refusal('ana', '10.0.0.4', 5000)).toBeGreaterThan(0);
      expect(refusal('ana', B, 5000)).toBe(0);
    });

    it('still limits the failures of a trusted address itself', () => {
      limiter.trust('ana', B, 0);
      fail('ana', B, 2000, 3);
      expect(refusal('ana', B, 2000)).toBe(60_000);
    });
  });

  describe('per account from other addresses: a progressive delay', () => {
    it('delays a new address 1 s, then twice as long per failure, up to the cap', () => {
      limiter = new LoginLimiter({ ...config, loginFailureWindowMs: 3_600_000 } as AppConfig);
      fail('ana', A, 1000, 3);
      expect(refusal('ana', B, 1000)).toBe(1000);
      fail('ana', B, 2000);
      expect(refusal('ana', '10.0.0.3', 2500)).toBe(1500);
      fail('ana', '10.0.0.3', 4000);
      expect(refusal('ana', '10.0.0.4', 4000)).toBe(4000);
      let now = 4000;
      for (let i = 5; i < 20; i++) fail('ana', `10.0.1.${i}`, (now += DELAY_CAP_MS));
      expect(refusal('ana', '10.0.2.1', now)).toBe(DELAY_CAP_MS);
    });

    it('holds parallel attempts from many addresses to the limit', () => {
      const reserve = (i: number) => {
        try {
          return limiter.reserve('ana', `10.1.0.${i}`, 0);
        } catch {
          return null;
        }
      };
      const reserved = Array.from({ length: 50 }, (_, i) => reserve(i)).filter(Boolean);
      expect(reserved).toHaveLength(3);
    });
  });

  describe('per address across accounts', () => {
    beforeEach(() => {
      fail('u1', A, 0, 2);
      fail('u2', A, 10, 2);
      fail('u3', A, 20);
    });

    it('refuses further accounts from the address until the oldest failure expires', () => {
      expect(refusal('u4', A, 30)).toBe(59_970);
      expect(refusal('u4', B, 30)).toBe(0);
      expect(refusal('u4', A, 60_001)).toBe(0);
    });

    it('still lets in an account that signed in from the address', () => {
      limiter.trust('u5', A, 0);
      expect(refusal('u5', A, 30)).toBe(0);
    });
  });

  describe('addresses', () => {
    it('counts an IPv6 /64 as one address, and IPv4-mapped IPv6 as IPv4', () => {
      fail('ana', '2001:db8:1:2::1', 0);
      fail('ana', '2001:0db8:0001:0002:ffff:0:0:9', 0);
      fail('ana', '2001:db8:1:2:3:4:5.6.7.8', 0);
      expect(refusal('ana', '2001:db8:1:2::abcd', 0)).toBe(60_000);
      limiter.trust('bob', '::ffff:10.9.9.9', 0);
      fail('bob', 'x', 0, 3);
      expect(refusal('bob', '10.9.9.9', 0)).toBe(0);
    });
  });

  describe('memory', () => {
    it('stores nothing for refused attempts, and only the trusted address for successes', () => {
      fail('ana', A, 0, 3);
      const before = limiter.size;
      for (let i = 0; i < 100; i++) refusal('ana', A, 0);
      expect(limiter.size).toBe(before);
      const fresh = new LoginLimiter(config);
      fresh.succeeded(fresh.reserve('bob', B, 0), 0);
      fresh.released(fresh.reserve('cyd', B, 0));
      expect(fresh.size).toBe(1);
    });
  });
});
