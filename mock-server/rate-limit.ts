/** `--rate-limit 200/s`: requests per second the target accepts before it answers 429. */
export const RATE_LIMIT_HELP = 'REQUESTS/s, e.g. 200/s (1 to 1000000)';

export function parseRateLimit(spec: string): number {
  const match = /^(\d+(?:\.\d+)?)\/s$/.exec(spec.trim());
  const perSecond = match ? Number(match[1]) : Number.NaN;
  if (!(perSecond >= 1 && perSecond <= 1_000_000)) {
    throw new Error(`invalid rate limit "${spec}": expected ${RATE_LIMIT_HELP}`);
  }
  return perSecond;
}

/**
 * A token bucket: `perSecond` tokens a second, at most one second's worth saved up. A request that finds
 * no token is refused, and told when one will be there (Retry-After, whole seconds as HTTP wants).
 */
export class RateLimiter {
  private tokens: number;
  private lastRefillMs = performance.now();

  private readonly perSecond: number;

  constructor(perSecond: number) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
  }

  /** Takes a token; returns 0 when the request may go on, else the seconds to wait. */
  take(): number {
    const now = performance.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.lastRefillMs) / 1000) * this.perSecond);
    this.lastRefillMs = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}
