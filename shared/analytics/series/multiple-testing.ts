/**
 * Benjamini-Hochberg false discovery rate control, as R
 * `p.adjust(p, "BH")`: q_(i) = min_{j >= i} min(1, m p_(j) / j) over the
 * sorted p-values, m = number of non-missing p-values. Missing p-values stay
 * missing and do not count towards m (R's default).
 */
import { at, isPresent } from './internal';

/** BH-adjusted p-values (q-values), in the input order. */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((e): e is { p: number; i: number } => isPresent(e.p))
    .sort((a, b) => b.p - a.p); // descending, so the running minimum walks j >= i
  const m = order.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 1;
  order.forEach((e, k) => {
    const rank = m - k;
    running = Math.min(running, (m * e.p) / rank);
    out[e.i] = Math.min(1, running);
  });
  return out;
}

/** Flags the tests discovered at false discovery rate `q` (default 0.05): adjusted p <= q. */
export function flagAtFdr(pValues: readonly (number | null)[], q = 0.05): boolean[] {
  const adjusted = benjaminiHochberg(pValues);
  return adjusted.map((v) => v !== null && v <= q);
}

/** Convenience: the positions flagged at FDR `q`. */
export function discoveries(pValues: readonly (number | null)[], q = 0.05): number[] {
  return flagAtFdr(pValues, q).flatMap((f, i) => (f ? [i] : []));
}

/** Largest p-value threshold the BH step-up procedure uses at level q (0 if nothing is rejected). */
export function bhThreshold(pValues: readonly (number | null)[], q = 0.05): number {
  const sorted = pValues.filter(isPresent).sort((a, b) => a - b);
  const m = sorted.length;
  let threshold = 0;
  for (let k = 1; k <= m; k++) if (at(sorted, k - 1) <= (k * q) / m) threshold = at(sorted, k - 1);
  return threshold;
}
