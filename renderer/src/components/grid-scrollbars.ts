/** The size AG Grid gives its own scrollbars when the browser's take no room (AG Grid's INVISIBLE_SCROLLBAR_SIZE). */
const OVERLAY_SCROLLBAR_SIZE = 16;

/**
 * Where the browser's scrollbars take no room (overlay scrollbars: headless
 * Chromium, a Mac, some Linux desktops) AG Grid lays 16 px bars of its own
 * over the grid, yet counts them as 0 px wide, so the last column and row
 * end up under them. Telling the grid their size makes it leave room for them
 * (and styles.css lays the horizontal bar out below the grid).
 */
export function gridScrollbarWidth(): number | undefined {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;width:100px;height:100px;overflow:scroll;opacity:0';
  document.body.appendChild(probe);
  const width = probe.offsetWidth - probe.clientWidth;
  probe.remove();
  return width === 0 ? OVERLAY_SCROLLBAR_SIZE : undefined;
}

