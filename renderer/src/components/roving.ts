/**
 * Arrow keys in a group that is one Tab stop (WAI-ARIA toolbar and tablist):
 * Tab moves past the group and the arrows move within it, so a keyboard user
 * does not Tab through every button.
 */
export interface RovingKeys {
  /** Past the last item the arrows go round to the first (tabs), or stop (toolbars). */
  wrap?: boolean;
  /** Up and Down move too (a list that wraps onto several lines). */
  vertical?: boolean;
}

/** The index an arrow key, Home or End moves to among `count` items from `index`; null for any other key. */
export function rovingTarget(key: string, index: number, count: number, keys: RovingKeys = {}): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const isNext = key === 'ArrowRight' || (keys.vertical === true && key === 'ArrowDown');
  const isPrevious = key === 'ArrowLeft' || (keys.vertical === true && key === 'ArrowUp');
  if (isNext) return index >= last ? (keys.wrap === true ? 0 : last) : index + 1;
  if (isPrevious) return index <= 0 ? (keys.wrap === true ? last : 0) : index - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return null;
}
