/**
 * Buffers that cross the worker boundary are transferred, not copied: a
 * workbench or an import batch can be tens of megabytes.
 */

/** The ArrayBuffers inside a message value (Uint8Arrays, arrays and plain objects, one level of nesting per call). */
export function transferablesOf(value: unknown): Transferable[] {
  const found = new Set<ArrayBuffer>();
  collect(value, found, 0);
  return [...found];
}

function collect(value: unknown, found: Set<ArrayBuffer>, depth: number): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (value instanceof Uint8Array) {
    // Only a view over its whole, ordinary buffer may be transferred; anything else is copied.
    if (value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) {
      found.add(value.buffer);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found, depth + 1);
    return;
  }
  for (const item of Object.values(value)) collect(item, found, depth + 1);
}
