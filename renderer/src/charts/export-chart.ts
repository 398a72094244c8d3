/**
 * Exporting a themed chart the same way everywhere: PNG at a size preset
 * (A4 full width, half width, 16:9 slide), SVG, or a PNG on the clipboard.
 */
import { type ChartOption as ThemedOption, type SizePreset, chartSize } from '../../../shared/charts/theme';
import { platform } from '../platform';
import { renderThemedPng, renderThemedSvg } from './echarts';

/** The option laid out for a size: the source note wraps to the width, a heatmap draws the rows the height fits. */
export type OptionAtWidth = (width: number, height: number) => ThemedOption;

export async function exportThemedPng(option: OptionAtWidth, preset: SizePreset, baseName: string): Promise<void> {
  const size = chartSize(preset);
  const png = await renderThemedPng(option(size.width, size.height), size);
  await platform.saveExport(png, { suggestedName: `${baseName}-${preset}.png`, mimeType: 'image/png' });
}

export async function exportThemedSvg(option: OptionAtWidth, preset: SizePreset, baseName: string): Promise<void> {
  const size = chartSize(preset);
  await platform.saveExport(renderThemedSvg(option(size.width, size.height), size), { suggestedName: `${baseName}.svg`, mimeType: 'image/svg+xml' });
}

/**
 * The PNG on the clipboard (Electron grants clipboard-sanitized-write; a
 * browser may refuse without a user gesture or permission). Returns a message for the status bar.
 */
export async function copyThemedPng(option: OptionAtWidth, preset: SizePreset): Promise<string> {
  const size = chartSize(preset);
  // The ClipboardItem takes a promise so the write starts inside the click's user activation.
  const blob = renderThemedPng(option(size.width, size.height), size).then((png) => new Blob([png.slice()], { type: 'image/png' }));
  try {
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    return 'Chart copied to the clipboard as a PNG.';
  } catch (error) {
    return `Could not copy the chart (${error instanceof Error ? error.message : String(error)}); use Export PNG instead.`;
  }
}
