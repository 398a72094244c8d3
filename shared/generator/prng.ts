/**
 * Seeded pseudo-random numbers for the synthetic data generator.
 *
 * mulberry32 is tiny, fast and good enough for synthetic data; what matters
 * here is that the same seed gives the same stream on every machine, so a
 * generated extract can be recreated byte for byte from its seed. Math.random
 * is never used anywhere in the generator.
 */

/** FNV-1a over a string, then a murmur3 finaliser so nearby labels give unrelated seeds. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seed for one independent stream (one district, the survey, ...). Each part
 * of the output draws from its own stream so that generating one district, or
 * changing the survey, never shifts the numbers of another part.
 */
export function deriveSeed(seed: number, ...labels: ReadonlyArray<string | number>): number {
  return hashString(`${seed}|${labels.join('|')}`);
}

/** Stirling series for log Γ(x); exact enough for the Poisson sampler's acceptance test. */
function logGamma(x: number): number {
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift += Math.log(y);
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  return (
    (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680))) - shift
  );
}

export class Random {
  private state: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). mulberry32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Standard normal (Box-Muller, keeping the second value). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /**
   * Poisson count. Knuth's product method for small means; Hörmann's PTRS
   * (transformed rejection) above 30, which is exact and does not slow down as
   * the mean grows (monthly cells reach the thousands at large --records).
   */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k += 1;
        p *= this.next();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1)) {
        return k;
      }
    }
  }

  /** One element, uniformly. The array must not be empty. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** An index drawn with probability proportional to the weights behind a cumulative table. */
  pickCumulative(cumulative: Float64Array): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const target = this.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Running sums of the weights, for Random.pickCumulative. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/** Weighted choice among labelled options, precomputed once. */
export class WeightedChoice<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(options: ReadonlyArray<readonly [T, number]>) {
    this.values = options.map(([value]) => value);
    this.cumulative = cumulativeWeights(options.map(([, weight]) => weight));
  }

  draw(rng: Random): T {
    const value = this.values[rng.pickCumulative(this.cumulative)];
    if (value === undefined) throw new Error('empty weighted choice');
    return value;
  }
}
