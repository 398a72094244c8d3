/**
 * The chart theme's typeface, Source Sans 3 (SIL Open Font Licence), bundled
 * with the app: Vite copies the two TTFs into the build and the @font-face
 * rules point at those files, so nothing is fetched from another origin.
 */
import boldUrl from '@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf';
import regularUrl from '@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf';

export const CHART_FONT_FAMILY = 'Source Sans 3';

const FONT_FACES = `
@font-face { font-family: '${CHART_FONT_FAMILY}'; font-style: normal; font-weight: 400; font-display: swap; src: url('${regularUrl}') format('truetype'); }
@font-face { font-family: '${CHART_FONT_FAMILY}'; font-style: normal; font-weight: 700; font-display: swap; src: url('${boldUrl}') format('truetype'); }
`;

let installed = false;

/** Adds the @font-face rules once (main.tsx calls this at start-up). */
export function installChartFonts(): void {
  if (installed) return;
  installed = true;
  const style = document.createElement('style');
  style.dataset.fonts = 'chart';
  style.textContent = FONT_FACES;
  document.head.append(style);
}

/**
 * Resolves once both weights are loaded (or failed), so a canvas measures
 * and draws text in Source Sans 3 rather than a fallback.
 */
export async function chartFontsReady(): Promise<void> {
  installChartFonts();
  try {
    await Promise.all([document.fonts.load(`400 12px '${CHART_FONT_FAMILY}'`), document.fonts.load(`700 15px '${CHART_FONT_FAMILY}'`)]);
  } catch {
    // A missing font falls back to the theme's next family; the chart still renders.
  }
}
