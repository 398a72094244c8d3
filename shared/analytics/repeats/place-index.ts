/**
 * Numbers places: the same whole-metre point (or police.uk point, or any
 * other pair), dated or not, gets the same index every time it is seen, in
 * order of first sight. Whole-metre pairs within +-2^24 (all of Great
 * Britain's grid references) go in an open-addressing table of packed
 * numbers; a JavaScript Map took half a second at a million records (and a
 * Map of "x,y" strings over a second). Anything else (a fractional square,
 * a latitude/longitude) falls back to a Map of the pair's text, which has
 * the same identity: a number prints as one text and that text reads back
 * as that number (0 and -0 both print "0", and are equal).
 */

const PACK = 2 ** 24;
/** Packed keys are >= 0, so -1 marks an empty slot. */
const EMPTY = -1;

export class PlaceIndex {
  private bits: number;
  private keys: Float64Array;
  private values: Int32Array;
  /** Filled slots of the table (text keys are in `byText`). */
  private packedCount = 0;
  private readonly byText = new Map<string, number>();
  /** Places numbered so far; the next new place gets this index. */
  size = 0;

  /** `expected`: about how many places there may be (e.g. the records), so the table rarely has to grow. */
  constructor(expected = 0) {
    this.bits = Math.max(10, Math.min(30, Math.ceil(Math.log2(Math.max(1, expected) * 2))));
    this.keys = new Float64Array(1 << this.bits).fill(EMPTY);
    this.values = new Int32Array(1 << this.bits);
  }

  /** The index of place (a, b) with this precision (dated or month-only); the next new index (`size` before) the first time it is seen. */
  indexOf(a: number, b: number, isDated: boolean): number {
    if (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < PACK && Math.abs(b) < PACK) {
      const dated = isDated ? 1 : 0;
      // Exact below 2^53: (2^25 * 2^25 + 2^25) * 2 + 1.
      const key = ((a + PACK) * 2 * PACK + (b + PACK)) * 2 + dated;
      const mask = (1 << this.bits) - 1;
      for (let slot = this.slotOf(a, b, dated); ; slot = (slot + 1) & mask) {
        const found = this.keys[slot]!;
        if (found === key) return this.values[slot]!;
        if (found === EMPTY) {
          this.keys[slot] = key;
          this.values[slot] = this.size;
          if (++this.packedCount * 2 > mask) this.grow();
          return this.size++;
        }
      }
    }
    const text = `${isDated ? 'd' : 'm'}:${a},${b}`;
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    this.byText.set(text, this.size);
    return this.size++;
  }

  /** Fibonacci hashing of the pair: the top `bits` bits of a multiplicative mix. */
  private slotOf(a: number, b: number, dated: number): number {
    return Math.imul(Math.imul(a | 0, 0x9e3779b1) + (b | 0) * 2 + dated, 0x85ebca6b) >>> (32 - this.bits);
  }

  /** Doubles the table (kept at most half full so probes stay short). */
  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.bits++;
    this.keys = new Float64Array(1 << this.bits).fill(EMPTY);
    this.values = new Int32Array(1 << this.bits);
    const mask = (1 << this.bits) - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === EMPTY) continue;
      // Unpack the pair to rehash it.
      const dated = key % 2;
      const pair = (key - dated) / 2;
      const b = (pair % (2 * PACK)) - PACK;
      const a = (pair - (b + PACK)) / (2 * PACK) - PACK;
      let slot = this.slotOf(a, b, dated);
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.values[slot] = values[i]!;
    }
  }
}
