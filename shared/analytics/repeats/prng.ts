/**
 * Seeded pseudo-random numbers for Monte Carlo tests. Our own generator, so a
 * seed gives the same permutations in Node, in a Web Worker and in every
 * release (Math.random cannot be seeded).
 */

/** A seeded stream of 32-bit integers and derived values. */
export interface Rng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Next float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Unbiased integer in [0, n), n from 1 to 2^32. */
  nextInt(n: number): number;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_21 = 2097152;

/** splitmix32: spreads a small seed (1, 2, 3...) over the 128-bit state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * xoshiro128** (Blackman & Vigna 2018), state seeded with splitmix32.
 * `seed` is reduced to 32 bits; non-integers are truncated.
 */
export function xoshiro128(seed: number): Rng {
  const init = splitmix32(Math.trunc(seed));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  // An all-zero state would repeat zeros forever; splitmix32 never gives four zeros, but be safe.
  if ((a | b | c | d) === 0) a = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return {
    nextUint32,
    next: () => nextUint32() / TWO_POW_32,
    nextInt: (n: number): number => {
      if (!(n >= 1 && n <= TWO_POW_32)) throw new RangeError(`nextInt: n must be in [1, 2^32], got ${n}`);
      if (n <= TWO_POW_21) {
        // Lemire's multiply-and-reject: x * n < 2^53 is exact in a double, no division on the common path.
        let m = nextUint32() * n;
        let low = m >>> 0;
        if (low < n) {
          const threshold = (TWO_POW_32 - n) % n;
          while (low < threshold) {
            m = nextUint32() * n;
            low = m >>> 0;
          }
        }
        return Math.floor(m / TWO_POW_32);
      }
      // Rejection sampling removes the modulo bias of `x % n`.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace(values: Float64Array | Int32Array, rng: Rng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
}
