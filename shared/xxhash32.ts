/**
 * xxHash32 (Yann Collet's, seed 0 unless given): a fast non-cryptographic
 * digest, here to tell in about 0.1 s whether a 250 MB workbench file is
 * byte for byte what the app saved (shared/workbench.ts). Four independent
 * lanes of 32-bit words keep the multiplier busy; in V8 it hashes at memory
 * speed, where SHA-256 in JavaScript would take seconds.
 */
const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

/** Little-endian 32-bit words: an aligned view where possible, else a copy (small, unaligned buffers only). */
function wordsOf(bytes: Uint8Array): Uint32Array {
  const count = bytes.length >>> 2;
  if (bytes.byteOffset % 4 === 0 && isLittleEndian) return new Uint32Array(bytes.buffer, bytes.byteOffset, count);
  const words = new Uint32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) words[i] = view.getUint32(i * 4, true);
  return words;
}
const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The digest of the concatenation of `parts`, without joining them. Every
 * part but the last must be a whole number of 16-byte stripes (so a caller
 * can substitute a few bytes, e.g. a header field, by passing a small copy
 * of the first stripes and then the rest of the buffer).
 */
export function xxhash32(parts: readonly Uint8Array[], seed = 0): number {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  let v1 = (seed + P1 + P2) | 0;
  let v2 = (seed + P2) | 0;
  let v3 = seed | 0;
  let v4 = (seed - P1) | 0;
  let tail: Uint8Array = new Uint8Array(0);
  parts.forEach((part, index) => {
    const isLast = index === parts.length - 1;
    if (!isLast && part.length % 16 !== 0) throw new Error('xxhash32: only the last part may end mid-stripe');
    const stripes = part.length >>> 4;
    const words = wordsOf(part.subarray(0, stripes * 16));
    for (let i = 0; i < words.length; i += 4) {
      v1 = Math.imul(rotl((v1 + Math.imul(words[i] ?? 0, P2)) | 0, 13), P1);
      v2 = Math.imul(rotl((v2 + Math.imul(words[i + 1] ?? 0, P2)) | 0, 13), P1);
      v3 = Math.imul(rotl((v3 + Math.imul(words[i + 2] ?? 0, P2)) | 0, 13), P1);
      v4 = Math.imul(rotl((v4 + Math.imul(words[i + 3] ?? 0, P2)) | 0, 13), P1);
    }
    if (isLast) tail = part.subarray(stripes * 16);
  });
  let h = length >= 16 ? (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0 : (seed + P5) | 0;
  h = (h + length) | 0;
  let at = 0;
  const tailWords = wordsOf(tail);
  for (; at + 4 <= tail.length; at += 4) h = Math.imul(rotl((h + Math.imul(tailWords[at >>> 2] ?? 0, P3)) | 0, 17), P4);
  for (; at < tail.length; at++) h = Math.imul(rotl((h + Math.imul(tail[at] ?? 0, P5)) | 0, 11), P1);
  h = Math.imul(h ^ (h >>> 15), P2);
  h = Math.imul(h ^ (h >>> 13), P3);
  return (h ^ (h >>> 16)) >>> 0;
}
