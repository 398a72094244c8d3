/**
 * A local profile as a Word document: a title page, lists of figures and
 * tables, then the items in order, each figure and table numbered with its
 * caption ("Figure 1: ...", "Table 1: ...") and its source note underneath,
 * and a closing note on the data and disclosure control. Tables built from
 * a pivot go through disclosure control unless the caller turns it off.
 *
 * The lists of figures and tables are written out, not TOC fields: a field
 * is empty until Word updates it (LibreOffice's converter never does), and
 * a profile is often read as a PDF made straight from the file.
 */
import { dayLabel, monthLabel } from '../charts/text';
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { CONFIDENTIAL } from '../disclosure/pivot-table';
import type { ProfileDisclosure } from '../disclosure/joint';
import { type ShownTogether, disclosedShownTable } from '../disclosure/shown-table';
import { DEFAULT_THRESHOLD, isSmallCount } from '../disclosure/suppress';
import { type ExportCell, type ShownPivots, shownPivotTable } from '../export/pivot-table';
import { formatDecimal, formatFigure } from '../figures';
import { kindLabel } from '../import/types';
import type { WorkbenchInfo } from '../info';
import type { Measure } from '../pivot/spec';
import type { ViewSort } from '../views';

export type RenderedItem =
  | {
      kind: 'figure';
      caption: string;
      sourceNote: string;
      /** PNG bytes (e.g. the A4 preset: 170 x 100 mm at 300 dpi). */
      png: Uint8Array;
      widthMm: number;
      heightMm: number;
      /** Alternative text for screen readers (defaults to the caption). */
      altText?: string;
    }
  | {
      kind: 'table';
      caption: string;
      sourceNote: string;
      /**
       * A saved view's pivots and sort: the table is the grid's (and the
       * export's: shownPivotTable), with disclosure control unless disabled.
       */
      view?: { pivots: ShownPivots; sort: ViewSort | null; together?: ShownTogether };
      /** Or ready-made columns and rows (e.g. a flags summary, its record counts in countColumns). */
      columns?: string[];
      rows?: ExportCell[][];
      /**
       * Columns of `rows` holding record counts: with disclosure control, a
       * small count shows as "<5" and the rest of its row (figures derived
       * from those few records) as "[c]". No totals are shown, so no
       * secondary suppression is needed on the table alone.
       */
      countColumns?: number[];
      /**
       * The document's tables protected as one (a flags summary's records
       * are sums a view may print, or the other way round): rows whose
       * count is withheld to protect a small count elsewhere show "[c]".
       */
      together?: { joint: ProfileDisclosure; index: number };
    }
  | { kind: 'text'; text: string };

export interface ProfileDocumentInput {
  name: string;
  title?: string | null;
}

export interface ProfileDocxOptions {
  /** Apply disclosure control to pivot tables (default true). */
  suppression?: boolean;
  threshold?: number;
  info?: WorkbenchInfo | null;
  /** Date shown on the title page (default now). */
  now?: Date;
  author?: string;
}

const FONT = 'Arial';
const MM_TO_PX = 96 / 25.4;

/**
 * A cell as printed. A view's figures as the grid shows them (its measure:
 * `12.5%` for shares, `+4.5%` for changes, rates to one decimal place, half
 * away from zero); without a measure (ready-made tables), whole numbers with
 * thousands separators and others to one decimal place.
 */
export function formatCell(value: ExportCell, measure?: Measure): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (measure !== undefined) return formatFigure(value, measure);
    return Number.isInteger(value) ? value.toLocaleString('en-GB') : formatDecimal(value, 1);
  }
  return value;
}

function captionParagraph(label: string, caption: string, keepNext: boolean): Paragraph {
  return new Paragraph({
    style: 'Caption',
    keepNext,
    children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: caption })],
  });
}

function sourceParagraph(note: string): Paragraph {
  return new Paragraph({ style: 'SourceNote', children: [new TextRun({ text: note })] });
}

/** Commentary: paragraphs split on blank lines; "# " and "## " lines become headings. */
function commentary(text: string): Paragraph[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => {
      const heading = /^(#{1,2})\s+(.*)$/s.exec(block);
      if (heading) {
        return new Paragraph({ heading: heading[1] === '#' ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, children: [new TextRun(heading[2]?.trim() ?? '')] });
      }
      const lines = block.split(/\r?\n/);
      return new Paragraph({ children: lines.map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0 })) });
    });
}

/** A figure cell's printed text (row i, column k): a nested view's label as its outline gives it, figures as the grid shows them. */
export function documentCellText(table: { rows: readonly ExportCell[][]; rowOutline?: DocumentTableRows['rowOutline']; measure?: Measure }, i: number, k: number): string {
  const entry = k === 0 ? table.rowOutline?.[i] : undefined;
  if (entry !== undefined) return entry.label;
  const value = table.rows[i]?.[k] ?? null;
  return k === 0 ? formatCell(value) : formatCell(value, table.measure);
}

/** The printed page's width inside its margins (A4, 2 cm margins), in twentieths of a point. */
const TEXT_WIDTH_TWIPS = 11906 - 2 * 1134;
/** A figure column's room per character against a label's (digits are wider than average letters, totals bold). */
const FIGURE_CHARACTER_ROOM = 1.3;
/** Twips an indent level takes in a nested table's first column. */
const INDENT_TWIPS = 200;

/**
 * Column widths in twips: each column as wide as its longest cell (and its
 * header's longest word, as headers wrap between words), so row labels do
 * not break mid-word while the figures sit in narrow columns; the label
 * column never takes more than 45% of the page.
 */
export function tableColumnWidths(columns: readonly string[], rows: readonly ExportCell[][], outline: DocumentTableRows['rowOutline'], measure?: Measure): number[] {
  const table = { rows, ...(outline === undefined ? {} : { rowOutline: outline }), ...(measure === undefined ? {} : { measure }) };
  const longestWord = (text: string): number => Math.max(0, ...text.split(/\s+/).map((w) => w.length));
  const needs = columns.map((column, k) => {
    let need = Math.max(4, longestWord(column));
    rows.forEach((_, i) => {
      const entry = k === 0 ? outline?.[i] : undefined;
      const text = documentCellText(table, i, k);
      // An indent level is about three characters' room.
      need = Math.max(need, text.length + (entry === undefined ? 0 : 3 * entry.depth));
    });
    // Figures print in bold totals and wide digits (and a header word must not break): more room a character.
    return k === 0 ? need + 2 : need * FIGURE_CHARACTER_ROOM + 2;
  });
  const total = needs.reduce((a, b) => a + b, 0);
  const first = Math.min(0.45, (needs[0] ?? 0) / total);
  const rest = total - (needs[0] ?? 0);
  return needs.map((need, k) => Math.round(TEXT_WIDTH_TWIPS * (k === 0 ? first : ((1 - first) * need) / rest)));
}

/** The Total row and the group rows' subtotals (totalRows: indexes into rows) print bold, as the grid shows them. */
function buildTable(table: DocumentTableRows): Table {
  const { columns, rows, totalRows, rowOutline, measure } = table;
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const small = columns.length > 8;
  const size = small ? 14 : 18;
  const widths = tableColumnWidths(columns, rows, rowOutline, measure);
  const cell = (text: string, k: number, options: { isHeader: boolean; isTotal: boolean; depth?: number }): TableCell => {
    const { isHeader, isTotal, depth = 0 } = options;
    const isFirst = k === 0;
    return new TableCell({
      borders,
      width: { size: widths[k] ?? 0, type: WidthType.DXA },
      ...(isHeader ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7EEF6' } } : {}),
      children: [
        new Paragraph({
          alignment: isFirst ? AlignmentType.LEFT : AlignmentType.RIGHT,
          spacing: { before: 20, after: 20 },
          ...(depth > 0 ? { indent: { left: depth * INDENT_TWIPS } } : {}),
          children: [new TextRun({ text, bold: isHeader || isTotal, size, font: FONT })],
        }),
      ],
    });
  };
  return new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c, k) => cell(c, k, { isHeader: true, isTotal: false })) }),
      ...rows.map((row, i) => {
        const isTotal = totalRows.has(i);
        const depth = rowOutline?.[i]?.depth ?? 0;
        return new TableRow({ cantSplit: true, children: columns.map((_, k) => cell(documentCellText(table, i, k), k, { isHeader: false, isTotal, depth: k === 0 ? depth : 0 })) });
      }),
    ],
  });
}

/**
 * A table item's columns and rows as the document shows them: a view's table
 * as the grid shows it, through disclosure control (secondary suppression
 * over its totals and subtotals), ready-made rows
 * with their small counts as "<5" and the rest of the row "[c]". The Word
 * document and the print (PDF) rendering both call this, so they hide the
 * same cells.
 */
export interface DocumentTableRows {
  columns: string[];
  rows: ExportCell[][];
  totalRows: ReadonlySet<number>;
  /** A nested view's rows indented as the grid shows them: the first column prints these labels at these depths. */
  rowOutline?: { label: string; depth: number }[];
  /** The view's measure, so figures print as the grid shows them (60.0%, +4.5%). */
  measure?: Measure;
}

export function documentTable(item: Extract<RenderedItem, { kind: 'table' }>, options: { suppression: boolean; threshold: number; info: WorkbenchInfo | null }): DocumentTableRows {
  const { suppression, threshold } = options;
  const columns = item.columns ?? [];
  let rows = item.rows ?? [];
  if (suppression && item.countColumns && item.countColumns.length > 0) {
    const countColumns = item.countColumns;
    rows = rows.map((row) => {
      const isSmall = countColumns.some((k) => typeof row[k] === 'number' && isSmallCount(row[k], threshold));
      if (!isSmall) return row;
      return row.map((cell, k) => (k === 0 ? cell : countColumns.includes(k) && typeof cell === 'number' && isSmallCount(cell, threshold) ? `<${threshold}` : CONFIDENTIAL));
    });
    const together = item.together;
    if (together !== undefined) {
      // Withheld to protect a small count in another table (or the difference of two): the count only.
      const statuses = together.joint.statuses(together.index, threshold);
      rows = rows.map((row, i) => (statuses[i]?.[0] === 'secondary' ? row.map((cell, k) => (countColumns.includes(k) ? CONFIDENTIAL : cell)) : row));
    }
  }
  if (item.view) {
    // The grid's table, built by the export's own function; disclosure control covers its subtotals too.
    // The profile's other tables (views, flags summaries) are protected with it.
    const { pivots, sort, together } = item.view;
    const table = suppression
      ? disclosedShownTable(pivots, options.info, { sort, threshold, ...(together === undefined ? {} : { together }) })
      : shownPivotTable(pivots, options.info, { sort });
    return {
      columns: table.columns,
      rows: table.rows,
      totalRows: new Set(table.totalRows ?? []),
      ...(table.rowOutline === undefined ? {} : { rowOutline: table.rowOutline }),
      ...(table.measure === undefined ? {} : { measure: table.measure }),
    };
  }
  // Ready-made rows (the Flags summary) have no totals.
  return { columns, rows, totalRows: new Set() };
}

/** The note on disclosure control on the title page (Word and print alike). */
export function disclosureStatement(suppression: boolean, threshold: number): string {
  return suppression
    ? `Counts from 1 to ${threshold - 1} are shown as <${threshold}; [c] marks figures withheld so that small counts cannot be worked out from totals and subtotals. Charts leave such figures out (gaps).`
    : 'Disclosure control is OFF: small counts are shown. Do not share this document outside the organisation.';
}

/** Captions numbered in document order, for the lists and the body alike. */
export function numberItems(items: readonly RenderedItem[]): { figures: string[]; tables: string[]; labels: (string | null)[] } {
  const figures: string[] = [];
  const tables: string[] = [];
  const labels = items.map((item) => {
    if (item.kind === 'figure') {
      figures.push(item.caption);
      return `Figure ${figures.length}`;
    }
    if (item.kind === 'table') {
      tables.push(item.caption);
      return `Table ${tables.length}`;
    }
    return null;
  });
  return { figures, tables, labels };
}

export async function buildProfileDocx(
  profile: ProfileDocumentInput,
  items: readonly RenderedItem[],
  options: ProfileDocxOptions = {},
): Promise<Uint8Array> {
  const suppression = options.suppression ?? true;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const now = options.now ?? new Date();
  const title = profile.title?.trim() || profile.name;
  const { figures, tables, labels } = numberItems(items);
  const children: (Paragraph | Table)[] = [];

  // Title page.
  children.push(
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
    new Paragraph({ style: 'Subtitle', children: [new TextRun('Local profile')] }),
    new Paragraph({
      spacing: { before: 480 },
      children: [new TextRun({ text: `Produced ${now.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })} with Crime Analyst Workbench` })],
    }),
  );
  const range = options.info?.dateRange;
  if (range) children.push(new Paragraph({ children: [new TextRun(`Data from ${monthLabel(range.from)} to ${monthLabel(range.to)}`)] }));
  children.push(
    new Paragraph({
      spacing: { before: 240 },
      children: [
        new TextRun({
          text: disclosureStatement(suppression, threshold),
          italics: true,
          ...(suppression ? {} : { bold: true, color: 'C00000' }),
        }),
      ],
    }),
    new Paragraph({ children: [new PageBreak()] }),
  );

  // Lists of figures and tables.
  const list = (heading: string, prefix: string, captions: readonly string[]): void => {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(heading)] }));
    if (captions.length === 0) children.push(new Paragraph({ children: [new TextRun({ text: 'None.', italics: true })] }));
    captions.forEach((caption, i) =>
      children.push(new Paragraph({ style: 'ListEntry', children: [new TextRun({ text: `${prefix} ${i + 1}: `, bold: true }), new TextRun(caption)] })),
    );
  };
  list('List of figures', 'Figure', figures);
  list('List of tables', 'Table', tables);
  children.push(new Paragraph({ children: [new PageBreak()] }));

  // The items.
  items.forEach((item, index) => {
    const label = labels[index] ?? '';
    if (item.kind === 'text') {
      children.push(...commentary(item.text));
    } else if (item.kind === 'figure') {
      const width = item.widthMm * MM_TO_PX;
      const height = item.heightMm * MM_TO_PX;
      children.push(
        new Paragraph({
          keepNext: true,
          alignment: AlignmentType.CENTER,
          children: [
            new ImageRun({
              type: 'png',
              data: item.png,
              transformation: { width: Math.round(width), height: Math.round(height) },
              altText: { name: label, title: `${label}: ${item.caption}`, description: item.altText ?? item.caption },
            }),
          ],
        }),
        captionParagraph(label, item.caption, item.sourceNote !== ''),
      );
      if (item.sourceNote !== '') children.push(sourceParagraph(item.sourceNote));
    } else {
      children.push(captionParagraph(label, item.caption, true), buildTable(documentTable(item, { suppression, threshold, info: options.info ?? null })));
      if (item.sourceNote !== '') children.push(sourceParagraph(item.sourceNote));
    }
  });

  // About the data.
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('About the data')] }));
  for (const i of options.info?.imports ?? []) {
    children.push(new Paragraph({ style: 'SourceNote', children: [new TextRun(`${i.file} (${kindLabel(i.kind)}): ${i.accepted.toLocaleString('en-GB')} rows accepted, imported ${dayLabel(i.at)}, sha256 ${i.sha256.slice(0, 12)}`)] }));
  }
  if ((options.info?.imports ?? []).length === 0) children.push(new Paragraph({ children: [new TextRun('No source extracts recorded.')] }));

  const doc = new Document({
    creator: options.author ?? 'Crime Analyst Workbench',
    title,
    description: `Local profile "${profile.name}"`,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22 }, paragraph: { spacing: { after: 120 } } },
        title: { run: { font: FONT, size: 56, bold: true, color: '1A1A1A' } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: '1A1A1A' }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '1A1A1A' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
      },
      paragraphStyles: [
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { size: 32, color: '4D4D4D' } },
        { id: 'Caption', name: 'Caption', basedOn: 'Normal', next: 'Normal', run: { size: 20, color: '1A1A1A' }, paragraph: { spacing: { before: 120, after: 40 } } },
        { id: 'SourceNote', name: 'Source Note', basedOn: 'Normal', next: 'Normal', run: { size: 16, italics: true, color: '4D4D4D' }, paragraph: { spacing: { after: 240 } } },
        { id: 'ListEntry', name: 'List Entry', basedOn: 'Normal', next: 'Normal', paragraph: { spacing: { after: 60 } } },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
