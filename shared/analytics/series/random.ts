/**
 * Seeded pseudo-random numbers for simulation (tests, simulated prediction
 * intervals). Not for cryptography. mulberry32 is a 32-bit generator with a
 * full 2^32 period: plenty for Monte Carlo checks of a few thousand draws and
 * exactly reproducible across Node and browsers.
 */

export type Rng = () => number;

/** mulberry32: uniform [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviate (Box-Muller; one of the pair is discarded for simplicity). */
export function normalDeviate(rng: Rng): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Knuth's multiplication method; exact, O(lambda), fine for lambda <= 30. */
function poissonSmall(lambda: number, rng: Rng): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/**
 * Poisson deviate. Large means are split into chunks of at most 30, using
 * Poisson additivity: exact at any mean (no normal approximation), and
 * O(lambda) cost is irrelevant at crime-count scales.
 */
export function poissonDeviate(lambda: number, rng: Rng): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError('lambda must be a finite number >= 0');
  let remaining = lambda;
  let k = 0;
  while (remaining > 30) {
    k += poissonSmall(30, rng);
    remaining -= 30;
  }
  return k + poissonSmall(remaining, rng);
}

/** Gamma(shape, scale 1) deviate (Marsaglia & Tsang 2000; shape < 1 via the u^(1/shape) boost). */
export function gammaDeviate(shape: number, rng: Rng): number {
  if (!(shape > 0)) throw new RangeError('shape must be > 0');
  if (shape < 1) {
    let u = rng();
    while (u <= 0) u = rng();
    return gammaDeviate(shape + 1, rng) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x = 0;
    let v = 0;
    do {
      x = normalDeviate(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Negative binomial deviate with the given mean and size (variance
 * mean + mean^2 / size), as a gamma-mixed Poisson: the usual model for
 * overdispersed counts.
 */
export function negativeBinomialDeviate(mean: number, size: number, rng: Rng): number {
  return poissonDeviate((gammaDeviate(size, rng) * mean) / size, rng);
}
