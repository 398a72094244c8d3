/**
 * A local profile as a print-ready HTML page, for PDF through the app's
 * print-to-PDF (Electron's printToPDF, or the browser's print dialog). It
 * is the Word document's twin: the same title page, lists of figures and
 * tables, numbered captions, source notes, the same chart images and the
 * tables through the same disclosure control (documentTable). A single
 * self-contained page: images inline as data URLs, no scripts, no remote
 * anything, so it prints the same offline.
 */
import { monthSpan } from '../charts/text';
import { DEFAULT_THRESHOLD } from '../disclosure/suppress';
import type { WorkbenchInfo } from '../info';
import {
  type ProfileDocumentInput,
  type RenderedItem,
  KEEP_WHOLE_ROWS,
  SYNTHETIC_STATEMENT,
  aboutTheData,
  disclosureStatement,
  documentCellText,
  documentTable,
  numberItems,
  producedDay,
  runningHeader,
  sourceLines,
  tableColumnWidths,
  textColumnsOf,
} from './docx';

export interface ProfileHtmlOptions {
  suppression?: boolean;
  threshold?: number;
  info?: WorkbenchInfo | null;
  now?: Date;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Base64 without Buffer (this runs in the worker and in Node alike). */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function commentary(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => {
      const heading = /^(#{1,2})\s+(.*)$/s.exec(block);
      if (heading) return heading[1] === '#' ? `<h1>${escapeHtml(heading[2]?.trim() ?? '')}</h1>` : `<h2>${escapeHtml(heading[2]?.trim() ?? '')}</h2>`;
      return `<p>${block.split(/\r?\n/).map(escapeHtml).join('<br>')}</p>`;
    })
    .join('\n');
}

/** Text as a CSS string: quotes and backslashes escaped, and no "<" that could close the style element. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/</g, '\\3C ').replace(/\r?\n/g, '\\A ')}"`;
}

/**
 * Every page but the title page names the document and its page ("Page 3 of 9") in its margins, as the
 * Word file's header and footer do (CSS page margin boxes, which Chromium prints).
 */
function pageStyle(header: string, footer: string): string {
  const box = 'font-family: Arial, sans-serif; font-size: 8pt; color: #4d4d4d;';
  return `
  @page { size: A4; margin: 20mm;
    @top-left { content: ${cssString(header)}; ${box} }
    @bottom-left { content: ${cssString(footer)}; ${box} }
    @bottom-right { content: "Page " counter(page) " of " counter(pages); ${box} } }
  @page :first { @top-left { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }`;
}

const STYLE = `
  body { font-family: Arial, 'Source Sans 3', sans-serif; font-size: 11pt; color: #1a1a1a; margin: 0; }
  .title-page { page-break-after: always; padding-top: 60mm; }
  .title-page h1 { font-size: 28pt; margin: 0 0 6mm; }
  .subtitle { font-size: 16pt; color: #4d4d4d; }
  .disclosure { font-style: italic; margin-top: 8mm; }
  .disclosure.off, .synthetic { color: #c00000; font-weight: bold; }
  .lists { page-break-after: always; }
  h1 { font-size: 16pt; } h2 { font-size: 13pt; }
  figure { margin: 6mm 0; page-break-inside: avoid; text-align: center; }
  figure img { width: 170mm; max-width: 100%; height: auto; }
  figcaption, .caption { text-align: left; font-size: 10pt; margin-top: 2mm; }
  .source-note { font-size: 8pt; font-style: italic; color: #4d4d4d; margin: 1mm 0 6mm; text-align: left; }
  table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 9pt; page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  th, td { border: 1px solid #bfbfbf; padding: 1mm 2mm; text-align: right; }
  th { background: #e7eef6; }
  th:first-child, td:first-child, th.text, td.text { text-align: left; }
  .caption { break-after: avoid; page-break-after: avoid; }
  table.keep { break-inside: avoid; page-break-inside: avoid; }
  tr.total td { font-weight: bold; }
  .about p { margin: 0 0 2mm; }
  .about p.source-line { font-size: 8pt; font-style: italic; color: #4d4d4d; margin: 0 0 1mm; }
`;

export function buildProfileHtml(profile: ProfileDocumentInput, items: readonly RenderedItem[], options: ProfileHtmlOptions = {}): string {
  const suppression = options.suppression ?? true;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const now = options.now ?? new Date();
  const title = profile.title?.trim() || profile.name;
  const { figures, tables, labels } = numberItems(items);
  const out: string[] = [];
  const range = options.info?.dateRange;
  out.push(
    '<section class="title-page">',
    `<h1>${escapeHtml(title)}</h1>`,
    '<p class="subtitle">Local profile</p>',
    `<p>Produced ${escapeHtml(producedDay(now))} with Crime Analyst Workbench</p>`,
    options.info?.isSynthetic === true ? `<p class="synthetic">${escapeHtml(SYNTHETIC_STATEMENT)}</p>` : '',
    range ? `<p>Data from ${escapeHtml(monthSpan(range.from, range.to))}</p>` : '',
    `<p class="disclosure${suppression ? '' : ' off'}">${escapeHtml(disclosureStatement(suppression, threshold))}</p>`,
    '</section>',
  );
  const list = (heading: string, prefix: string, captions: readonly string[]): string =>
    `<h1>${heading}</h1>${captions.length === 0 ? '<p><em>None.</em></p>' : `<ol class="list">${captions.map((c, i) => `<li><strong>${prefix} ${i + 1}:</strong> ${escapeHtml(c)}</li>`).join('')}</ol>`}`;
  out.push('<section class="lists">', list('List of figures', 'Figure', figures), list('List of tables', 'Table', tables), '</section>');
  items.forEach((item, index) => {
    const label = labels[index] ?? '';
    if (item.kind === 'text') {
      out.push(commentary(item.text));
    } else if (item.kind === 'figure') {
      out.push(
        `<figure data-label="${escapeHtml(label)}">`,
        `<img alt="${escapeHtml(item.altText ?? item.caption)}" style="width:${item.widthMm}mm" src="data:image/png;base64,${base64(item.png)}">`,
        `<figcaption><strong>${escapeHtml(label)}:</strong> ${escapeHtml(item.caption)}</figcaption>`,
        item.sourceNote === '' ? '' : `<p class="source-note">${escapeHtml(item.sourceNote)}</p>`,
        '</figure>',
      );
    } else {
      const table = documentTable(item, { suppression, threshold, info: options.info ?? null });
      const { columns, rows, totalRows, rowOutline } = table;
      // Each cell's text as the Word file prints it; a nested view's first column indented as the grid does, 4 mm a level.
      // Columns of words (a flags summary's trend, seasonality, exceptions) are set left, as in the Word file.
      const textColumns = textColumnsOf(table);
      const textClass = (k: number): string => (textColumns.has(k) ? ' class="text"' : '');
      const text = (i: number, k: number): string => {
        const depth = k === 0 ? (rowOutline?.[i]?.depth ?? 0) : 0;
        return `<td${textClass(k)}${depth > 0 ? ` style="padding-left:${2 + 4 * depth}mm"` : ''}>${escapeHtml(documentCellText(table, i, k))}</td>`;
      };
      // A short table moves to the next page whole, never leaving its caption and header at the foot of one.
      const keep = rows.length <= KEEP_WHOLE_ROWS ? ' class="keep"' : '';
      // The Word file's column widths, so a label or a header word breaks (or not) as it does there.
      const widths = tableColumnWidths(columns, rows, rowOutline, table.measure);
      const sum = widths.reduce((a, b) => a + b, 0);
      const colgroup = `<colgroup>${widths.map((w) => `<col style="width:${((100 * w) / sum).toFixed(1)}%">`).join('')}</colgroup>`;
      out.push(
        `<p class="caption"><strong>${escapeHtml(label)}:</strong> ${escapeHtml(item.caption)}</p>`,
        `<table data-label="${escapeHtml(label)}"${keep}>${colgroup}<thead><tr>${columns.map((c, k) => `<th${textClass(k)}>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>`,
        ...rows.map((_, i) => `<tr${totalRows.has(i) ? ' class="total"' : ''}>${columns.map((__, k) => text(i, k)).join('')}</tr>`),
        '</tbody></table>',
        table.legend === undefined ? '' : `<p class="source-note">${escapeHtml(table.legend)}</p>`,
        item.sourceNote === '' ? '' : `<p class="source-note">${escapeHtml(item.sourceNote)}</p>`,
      );
    }
  });
  out.push('<section class="about"><h1>About the data</h1>');
  for (const text of aboutTheData(options.info ?? null, suppression, threshold)) out.push(`<p>${escapeHtml(text)}</p>`);
  const sources = sourceLines(options.info ?? null);
  if (sources.length === 0) out.push('<p>No source extracts recorded.</p>');
  else out.push('<h2>Source extracts</h2>', ...sources.map((line) => `<p class="source-line">${escapeHtml(line)}</p>`));
  out.push('</section>');
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB"><head><meta charset="utf-8">',
    // Nothing may load from anywhere: the page is its own world.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title><style>${pageStyle(runningHeader(title, options.info?.isSynthetic === true), `Produced ${producedDay(now)}`)}${STYLE}</style></head><body>`,
    ...out.filter((s) => s !== ''),
    '</body></html>',
  ].join('\n');
}
