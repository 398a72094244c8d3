/**
 * AG Grid Community has no option for the grid's accessible name: its
 * role="grid" (or "treegrid") element is unnamed, so a screen reader says
 * only "grid". This names it, as a table's caption would.
 */
export function labelGrid(container: HTMLElement | null, label: string): void {
  const grid = container?.querySelector('[role="grid"], [role="treegrid"]');
  if (grid !== null && grid !== undefined && grid.getAttribute('aria-label') !== label) grid.setAttribute('aria-label', label);
}
