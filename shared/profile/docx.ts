/**
 * A local profile as a Word document: a title page, lists of figures and
 * tables, then the items in order, each figure and table numbered with its
 * caption ("Figure 1: ...", "Table 1: ...") and its source note underneath,
 * and a closing note on the data and disclosure control. Tables built from
 * a pivot go through disclosure control unless the caller turns it off.
 *
 * The lists of figures and tables are written out, not TOC fields: a TOC
 * field is empty until Word updates it (LibreOffice's converter never
 * does), and a profile is often read as a PDF made straight from the file.
 * Each entry is a link to its caption's bookmark, with no page number: a
 * PAGEREF field shows only the result saved in the file (none, as written
 * here) until Word updates fields, and asking Word to on opening
 * (updateFields) puts up a prompt about fields referring to other files,
 * which on a force laptop reads as a security warning. No field in the
 * body, so no prompt and no wrong or missing numbers.
 */
import { dayLabel, monthSpan } from '../charts/text';
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  TabStopType,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { CONFIDENTIAL } from '../disclosure/pivot-table';
import { type ShownTogether, disclosedShownTable } from '../disclosure/shown-table';
import { DEFAULT_THRESHOLD, isSmallCount } from '../disclosure/suppress';
import { type ExportCell, type ShownPivots, shownPivotTable } from '../export/pivot-table';
import { withComparisonMarks } from '../export/rate-intervals';
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
      together?: ShownTogether;
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

/** The bookmark a caption carries, so the lists of figures and tables can link to it ("Figure 2" is figure_2). */
export const captionBookmark = (label: string): string => label.toLowerCase().replace(/\s+/g, '_');

const LIST_LINK = { style: 'Hyperlink', color: '1A1A1A', underline: { type: 'none' } } as const;

/** Under a list's heading: how to use it without page numbers. */
export const listNote = (noun: 'figure' | 'table'): string =>
  `Each entry links to its ${noun} (Ctrl+click in Word); ${noun}s are numbered in the order they appear.`;

function captionParagraph(label: string, caption: string, keepNext: boolean): Paragraph {
  return new Paragraph({
    style: 'Caption',
    keepNext,
    children: [new Bookmark({ id: captionBookmark(label), children: [new TextRun({ text: `${label}: `, bold: true })] }), new TextRun({ text: caption })],
  });
}

function sourceParagraph(note: string): Paragraph {
  // A note is read whole: never split over a page.
  return new Paragraph({ style: 'SourceNote', keepLines: true, children: [new TextRun({ text: note })] });
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
export function tableColumnWidths(
  columns: readonly string[],
  rows: readonly ExportCell[][],
  outline: DocumentTableRows['rowOutline'],
  measure?: Measure,
  fontHalfPoints = 18,
): number[] {
  const table = { rows, ...(outline === undefined ? {} : { rowOutline: outline }), ...(measure === undefined ? {} : { measure }) };
  const longestWord = (text: string): number => Math.max(0, ...text.split(/\s+/).map((w) => w.length));
  const words = textColumnsOf(table);
  const needs = columns.map((column, k) => {
    let need = Math.max(4, longestWord(column));
    rows.forEach((_, i) => {
      const entry = k === 0 ? outline?.[i] : undefined;
      const text = documentCellText(table, i, k);
      // An indent level is about three characters' room.
      need = Math.max(need, text.length + (entry === undefined ? 0 : 3 * entry.depth));
    });
    // Figures print in bold totals and wide digits (and a header word must not break): more room a character; words need no more than a label.
    return k === 0 || words.has(k) ? need + 2 : need * FIGURE_CHARACTER_ROOM + 2;
  });
  const total = needs.reduce((a, b) => a + b, 0);
  const first = Math.min(0.45, (needs[0] ?? 0) / total);
  const rest = total - (needs[0] ?? 0);
  const widths = needs.map((need, k) => TEXT_WIDTH_TWIPS * (k === 0 ? first : ((1 - first) * need) / rest));
  // A view's table keeps the widths above (its figure columns' extra room keeps their words whole); a table of words
  // (a flags summary) has columns whose share would break "Records" or "Seasonality", so each is raised to its floor.
  if (measure !== undefined) return widths.map(Math.round);
  return atLeastFloors(widths, columnFloors(columns, rows, outline, table, fontHalfPoints)).map(Math.round);
}

/** Twips a bold character may take at a font size in half-points (0.72 em: where Arial is missing, LibreOffice sets DejaVu Sans, wider), and a cell's left and right margins. */
const charTwips = (fontHalfPoints: number): number => fontHalfPoints * 7.2;
const CELL_MARGIN_TWIPS = 2 * 108 + 40;
/** Characters up to which a cell of words is kept on one line. */
const SHORT_PHRASE = 20;
/** A figure, a suppression mark or a change: it must not break, so it needs its whole width. */
/** A figure as printed: a count, rate, share or change, "<5", "[c]", or a rate marked against the Total ("400.0 ▲"). */
const FIGURE_TEXT = /^[<[+\-−]?[\d,.]*\d[\d,.]*%?\]?( [▲▼])?$|^<\d+$|^\[c\]$/;

/**
 * The narrowest each column may be without breaking a word: its header's
 * longest word, each figure whole, a label's longest word (with its indent).
 * A flags summary's "Records" and "Seasonality" broke mid-word ("Recor / ds").
 */
function columnFloors(
  columns: readonly string[],
  rows: readonly ExportCell[][],
  outline: DocumentTableRows['rowOutline'],
  table: Parameters<typeof documentCellText>[0],
  fontHalfPoints: number,
): number[] {
  const longestWord = (text: string): number => Math.max(0, ...text.split(/\s+/).map((w) => w.length));
  // Body text is not bold: a little narrower a character than a header or a total.
  const textTwips = charTwips(fontHalfPoints) * 0.88;
  return columns.map((column, k) => {
    let twips = longestWord(column) * charTwips(fontHalfPoints);
    rows.forEach((_, i) => {
      const text = documentCellText(table, i, k);
      const indent = k === 0 ? (outline?.[i]?.depth ?? 0) * INDENT_TWIPS : 0;
      // A short phrase in a column of words ("no significant trend", "peaks in Aug") reads better on one line.
      const need = FIGURE_TEXT.test(text)
        ? text.length * charTwips(fontHalfPoints)
        : k > 0 && text.length <= SHORT_PHRASE
          ? text.length * textTwips
          : longestWord(text) * textTwips;
      twips = Math.max(twips, need + indent);
    });
    return twips + CELL_MARGIN_TWIPS;
  });
}

/** Widths raised to their floors, the room taken from the columns with more than theirs (in proportion to what they have spare). */
function atLeastFloors(widths: readonly number[], floors: readonly number[]): number[] {
  const total = widths.reduce((a, b) => a + b, 0);
  const floorTotal = floors.reduce((a, b) => a + b, 0);
  // No room for every floor: each column in proportion to its floor, as near as the page allows.
  if (floorTotal >= total) return floors.map((f) => (total * f) / floorTotal);
  let out = [...widths];
  for (let pass = 0; pass < out.length; pass += 1) {
    const deficit = out.reduce((sum, w, k) => sum + Math.max(0, (floors[k] ?? 0) - w), 0);
    if (deficit <= 0.5) break;
    const spare = out.reduce((sum, w, k) => sum + Math.max(0, w - (floors[k] ?? 0)), 0);
    out = out.map((w, k) => {
      const floor = floors[k] ?? 0;
      return w < floor ? floor : w - (deficit * (w - floor)) / spare;
    });
  }
  return out;
}

/** Rows up to which a table is kept on one page (a flags summary of crime types or districts is 8 to 20). */
export const KEEP_WHOLE_ROWS = 25;

/**
 * Columns of words, not figures (a flags summary's trend, seasonality and
 * exceptions): set left, as text is read. A view's columns are figures.
 */
export function textColumnsOf(table: { rows: readonly ExportCell[][]; measure?: Measure | undefined }): Set<number> {
  const out = new Set<number>();
  if (table.measure !== undefined) return out;
  for (const row of table.rows) {
    row.forEach((cell, k) => {
      if (k > 0 && typeof cell === 'string' && !FIGURE_TEXT.test(cell)) out.add(k);
    });
  }
  return out;
}

/** The Total row and the group rows' subtotals (totalRows: indexes into rows) print bold, as the grid shows them. */
function buildTable(table: DocumentTableRows, options: { noteFollows?: boolean } = {}): Table {
  const { columns, rows, totalRows, rowOutline, measure } = table;
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };
  const borders = { top: border, bottom: border, left: border, right: border };
  // Wide tables print smaller: 7 pt past eight columns, a table of words (a flags summary with its forecast) 8 pt past five, else 9 pt.
  const size = columns.length > 8 ? 14 : measure === undefined && columns.length > 5 ? 16 : 18;
  const widths = tableColumnWidths(columns, rows, rowOutline, measure, size);
  const textColumns = textColumnsOf(table);
  // A short table moves to the next page whole rather than leave its caption and header at the foot of one
  // (each row kept with the next); a long one keeps its header with its first rows.
  const keptRows = rows.length <= KEEP_WHOLE_ROWS ? rows.length - 1 : 2;
  // The last row stays with the source note under it, so a note never starts a page alone.
  const keepsNext = (i: number): boolean => i < keptRows || (options.noteFollows === true && i === rows.length - 1);
  const cell = (text: string, k: number, options: { isHeader: boolean; isTotal: boolean; depth?: number; keepNext: boolean }): TableCell => {
    const { isHeader, isTotal, depth = 0, keepNext } = options;
    const isLeft = k === 0 || textColumns.has(k);
    return new TableCell({
      borders,
      width: { size: widths[k] ?? 0, type: WidthType.DXA },
      ...(isHeader ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7EEF6' } } : {}),
      children: [
        new Paragraph({
          alignment: isLeft ? AlignmentType.LEFT : AlignmentType.RIGHT,
          keepNext,
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
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, k) => cell(c, k, { isHeader: true, isTotal: false, keepNext: rows.length > 0 })) }),
      ...rows.map((row, i) => {
        const isTotal = totalRows.has(i);
        const depth = rowOutline?.[i]?.depth ?? 0;
        return new TableRow({
          cantSplit: true,
          children: columns.map((_, k) => cell(documentCellText(table, i, k), k, { isHeader: false, isTotal, depth: k === 0 ? depth : 0, keepNext: keepsNext(i) })),
        });
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
  /** What the ▲ and ▼ of rates compared with the Total mean, printed under the table. */
  legend?: string;
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
      const { statuses } = together;
      rows = rows.map((row, i) => (together.threshold === threshold && statuses[i]?.[0] === 'secondary' ? row.map((cell, k) => (countColumns.includes(k) ? CONFIDENTIAL : cell)) : row));
    }
  }
  if (item.view) {
    // The grid's table, built by the export's own function; disclosure control covers its subtotals too.
    // The profile's other tables (views, flags summaries) are protected with it.
    const { pivots, sort, together } = item.view;
    const shown = suppression
      ? disclosedShownTable(pivots, options.info, { sort, threshold, ...(together === undefined ? {} : { together }) })
      : shownPivotTable(pivots, options.info, { sort });
    // A rate by district (age band, sex) reads against the Total, as a local profile says "significantly above the force".
    const marked = withComparisonMarks(shown, pivots, { sort });
    const table = marked?.table ?? shown;
    return {
      ...(marked === null ? {} : { legend: marked.legend }),
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

/** The "About the data" page's notes (Word and print alike): the months, the synthetic warning, disclosure control and rounding. */
export function aboutTheData(info: WorkbenchInfo | null, suppression: boolean, threshold: number): string[] {
  const range = info?.dateRange;
  return [
    ...(info?.isSynthetic === true ? [SYNTHETIC_STATEMENT] : []),
    range ? `Records from ${monthSpan(range.from, range.to)}; each figure and table names its own months and filters in its note.` : '',
    disclosureStatement(suppression, threshold),
    'Counts are whole numbers; rates per 1,000 residents, shares and changes are shown to one decimal place, rounded half away from zero; [low] marks a rate or share above nought that rounds to nought.',
    (info?.imports ?? []).some((i) => i.kind === 'population') ? 'Rates divide by the mid-year population estimates listed below.' : '',
  ].filter((t) => t !== '');
}

/** The extracts behind the figures, a line each (Word and print alike). */
export function sourceLines(info: WorkbenchInfo | null): string[] {
  return (info?.imports ?? []).map((i) => `${i.file} (${kindLabel(i.kind)}): ${i.accepted.toLocaleString('en-GB')} rows accepted, imported ${dayLabel(i.at)}, sha256 ${i.sha256.slice(0, 12)}`);
}

/** The day a document was produced, as every other date in it is written ("3 Jan 2025"). */
export function producedDay(now: Date): string {
  return dayLabel(now.toISOString());
}

/** Said on the title page and in every page's header of a profile built from the generated demo data. */
export const SYNTHETIC_STATEMENT = 'Synthetic data: these figures were generated for demonstration and are not real crime records.';

/** The running header of every page but the title page: the document's title, and a warning when the data are synthetic. */
export function runningHeader(title: string, isSynthetic: boolean): string {
  return isSynthetic ? `${title} · SYNTHETIC DATA, not real crime records` : title;
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
      children: [new TextRun({ text: `Produced ${producedDay(now)} with Crime Analyst Workbench` })],
    }),
  );
  if (options.info?.isSynthetic === true) {
    children.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: SYNTHETIC_STATEMENT, bold: true, color: 'C00000' })] }));
  }
  const range = options.info?.dateRange;
  if (range) children.push(new Paragraph({ children: [new TextRun(`Data from ${monthSpan(range.from, range.to)}`)] }));
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

  // Lists of figures and tables: each entry a link to its caption (no page numbers: see the top of this file).
  const list = (heading: string, prefix: string, noun: 'figure' | 'table', captions: readonly string[]): void => {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(heading)] }));
    if (captions.length === 0) children.push(new Paragraph({ children: [new TextRun({ text: 'None.', italics: true })] }));
    else children.push(new Paragraph({ style: 'SourceNote', spacing: { after: 120 }, children: [new TextRun(listNote(noun))] }));
    captions.forEach((caption, i) =>
      children.push(
        new Paragraph({
          style: 'ListEntry',
          children: [
            new InternalHyperlink({
              anchor: captionBookmark(`${prefix} ${i + 1}`),
              // Word's Hyperlink style, or LibreOffice drops the link from its PDF; set as the text around it, as a contents list is.
              children: [new TextRun({ text: `${prefix} ${i + 1}: `, bold: true, ...LIST_LINK }), new TextRun({ text: caption, ...LIST_LINK })],
            }),
          ],
        }),
      ),
    );
  };
  list('List of figures', 'Figure', 'figure', figures);
  list('List of tables', 'Table', 'table', tables);
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
      const table = documentTable(item, { suppression, threshold, info: options.info ?? null });
      children.push(captionParagraph(label, item.caption, true), buildTable(table, { noteFollows: item.sourceNote !== '' || table.legend !== undefined }));
      if (table.legend !== undefined) children.push(sourceParagraph(table.legend));
      if (item.sourceNote !== '') children.push(sourceParagraph(item.sourceNote));
    }
  });

  // About the data: what the figures are and how they are shown, then the extracts as a table.
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('About the data')] }));
  for (const text of aboutTheData(options.info ?? null, suppression, threshold)) children.push(new Paragraph({ children: [new TextRun(text)] }));
  const sources = sourceLines(options.info ?? null);
  if (sources.length === 0) children.push(new Paragraph({ children: [new TextRun('No source extracts recorded.')] }));
  else children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Source extracts')] }));
  for (const line of sources) children.push(new Paragraph({ style: 'SourceNote', spacing: { after: 60 }, children: [new TextRun(line)] }));

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
        { id: 'RunningHead', name: 'Running Head', basedOn: 'Normal', next: 'Normal', run: { size: 16, color: '4D4D4D' }, paragraph: { spacing: { after: 0 } } },
      ],
    },
    sections: [
      {
        // The title page has no header or footer (titlePage: its own, empty ones); every other page names the
        // document and its page ("Page 3 of 9"), so a printed page out of the pack can be put back.
        properties: {
          titlePage: true,
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134, header: 567, footer: 567 } },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                style: 'RunningHead',
                children: [new TextRun({ text: runningHeader(title, options.info?.isSynthetic === true), ...(options.info?.isSynthetic === true ? { bold: true, color: 'C00000' } : {}) })],
              }),
            ],
          }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                style: 'RunningHead',
                tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH_TWIPS }],
                children: [new TextRun({ text: `Produced ${producedDay(now)}\t` }), new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
          first: new Footer({ children: [new Paragraph({ children: [] })] }),
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
