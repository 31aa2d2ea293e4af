import type { Redis } from 'ioredis';

import { Rate, TokenBuckets } from '../common/token-buckets.js';

/**
 * Token buckets that hold across instances: in this process alone without Redis, in Redis
 * (one atomic script per take) with it, so that a user who spreads their sockets over
 * several instances still gets one MESSAGE_RATE.
 */
export abstract class SharedRateLimits {
  /** Takes one token from `name`'s bucket for `key`: 0 when allowed, else ms to wait. */
  abstract take(name: string, key: number | string, rate: Rate): Promise<number>;
}

export class LocalRateLimits extends SharedRateLimits {
  private readonly buckets = new Map<string, TokenBuckets<number | string>>();

  take(name: string, key: number | string, rate: Rate): Promise<number> {
    let buckets = this.buckets.get(name);
    if (!buckets) this.buckets.set(name, (buckets = new TokenBuckets(rate)));
    return Promise.resolve(buckets.take(key));
  }
}

/**
 * The same bucket as TokenBuckets, kept in a Redis hash: refill by the time passed (Redis's
 * own clock, so that instances' clocks need not agree), take one token or say how long to
 * wait; the key expires once the bucket would be full again.
 */
const TAKE = `
local rate = tonumber(ARGV[1]) / 1000
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.max(1, math.ceil((1 - tokens) / rate)) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
return wait
`;

export class RedisRateLimits extends SharedRateLimits {
  constructor(private readonly redis: Redis) {
    super();
    redis.defineCommand('fadmannTakeToken', { numberOfKeys: 1, lua: TAKE });
  }

  async take(name: string, key: number | string, { perSecond, burst }: Rate): Promise<number> {
    const take = (this.redis as unknown as Record<string, TakeCommand>).fadmannTakeToken;
    return Number(await take.call(this.redis, `fadmann:rate:${name}:${key}`, perSecond, burst));
  }
}

type TakeCommand = (key: string, perSecond: number, burst: number) => Promise<number>;
