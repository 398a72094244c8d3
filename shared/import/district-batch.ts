/**
 * District profile rows read in chunks into columnar batches: typed arrays
 * of numbers, dictionary codes for the repeating texts (crime type, ward,
 * LSOA, ...), and the record keys, content hashes and pseudonyms as bytes.
 * A batch is plain data that a worker can post without copying strings row
 * by row, and the database thread binds it without parsing anything.
 */
import { DistrictRowParser, type DistrictParseSetup, type DistrictValues } from './district-parse';
import { isNoteRow, isTotalsRow } from './row-kinds';
import { type TableRows, isBlankRow } from './text';
import type { RejectedRow, SkippedRow } from './types';

/** Numbers per row, in this order; NaN stands for null. */
export const NUMBER_FIELDS = [
  'recordType', 'month', 'day', 'hour', 'reportedDay', 'easting', 'northing', 'latitude', 'longitude',
  'victimAge', 'sex', 'domestic', 'hate', 'alcohol',
] as const satisfies readonly (keyof DistrictValues)[];
/** Texts per row, as dictionary codes in this order; -1 stands for null. */
export const TEXT_FIELDS = [
  'crimeType', 'district', 'ward', 'lsoaCode', 'outcome', 'ageBand', 'hateStrand', 'asbCategory', 'offenceCode',
  'offenderAgeBand',
] as const satisfies readonly (keyof DistrictValues)[];
export const NUMBERS = NUMBER_FIELDS.length;
export const TEXTS = TEXT_FIELDS.length;
/** Bytes per row: 16 of record key and 16 of content hash. */
export const KEY_BYTES = 32;
/**
 * Bytes per row: the pseudonym's 32 hex characters, or zeros for none. As
 * bytes rather than dictionary texts: there are almost as many victims as
 * records, and a dictionary of them would be held twice over.
 */
export const PSEUDONYM_BYTES = 32;
/** Bytes allowed per row for the references at first (a force's are 8-16 characters); the buffer grows when needed. */
const REF_BYTES_PER_ROW = 16;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export interface DistrictBatch {
  /** Good rows in the batch. */
  count: number;
  /** 1-based file line of each good row (TableRows.line). */
  lines: Int32Array;
  numbers: Float64Array;
  texts: Int32Array;
  keys: Uint8Array;
  pseudonyms: Uint8Array;
  /** The records' own references (record_ref) as UTF-8, one after another: row i's ends at refEnds[i]. */
  refs: Uint8Array;
  refEnds: Int32Array;
  /** Dictionary entries first used in this batch: codes continue from the previous batches'. */
  newTexts: string[];
  /** Data rows read (good and rejected; blank, totals and note rows are not read). */
  read: number;
  rejects: RejectedRow[];
  skipped: SkippedRow[];
  /** Widths of the rows read (WidthTally): a shifted row whose last cell was empty is otherwise unseen. */
  widths: WidthTally;
}

/**
 * Rows read with exactly the header's cells, and good rows with one more,
 * empty: the mark a comma in an unquoted cell leaves when the cell it
 * pushes past the header is blank (nothing to reject it for).
 */
export interface WidthTally {
  exact: number;
  wider: number;
  /** The first few such rows' lines. */
  widerLines: number[];
}

/** Lines of wider rows kept to name in the warning. */
const WIDER_LINES = 5;

/** Counts one row read into `tally`; `isGood`: it was not rejected. */
export function tallyWidth(tally: WidthTally, row: readonly string[], width: number, line: number, isGood: boolean): void {
  if (row.length === width) tally.exact++;
  else if (isGood && row.length === width + 1 && (row[width] ?? '').trim() === '') {
    tally.wider++;
    if (tally.widerLines.length < WIDER_LINES) tally.widerLines.push(line);
  }
}

export const emptyWidths = (): WidthTally => ({ exact: 0, wider: 0, widerLines: [] });

/** Adds `from` into `into` (batches in file order). */
export function addWidths(into: WidthTally, from: WidthTally): void {
  into.exact += from.exact;
  into.wider += from.wider;
  for (const line of from.widerLines) if (into.widerLines.length < WIDER_LINES) into.widerLines.push(line);
}

/** Which rows of a chunk are totals rows found by looking at the whole file (the summing last row). */
export interface ChunkRows {
  rows: TableRows;
  /** Index in the file of `rows`' row 0. */
  firstIndex: number;
  /** File index of a last row that sums the rows above it, or -1. */
  sumRowIndex: number;
}

/** The pseudonym in row `i` of a batch, or null. */
export function pseudonymAt(pseudonyms: Uint8Array, i: number): string | null {
  const at = i * PSEUDONYM_BYTES;
  if (pseudonyms[at] === 0) return null;
  return String.fromCharCode(...pseudonyms.subarray(at, at + PSEUDONYM_BYTES));
}

/** The reference of row `i` of a batch. */
export function refAt(batch: Pick<DistrictBatch, 'refs' | 'refEnds'>, i: number): string {
  const start = i === 0 ? 0 : (batch.refEnds[i - 1] ?? 0);
  return fromUtf8.decode(batch.refs.subarray(start, batch.refEnds[i] ?? start));
}

/**
 * Writes `text` into `bytes` at `at` as UTF-8, in a larger copy when it does not fit: the bytes and the end.
 * ASCII (nearly every force's references) byte by byte, without an encoder call per row.
 */
function appendUtf8(bytes: Uint8Array<ArrayBuffer>, at: number, text: string): [Uint8Array<ArrayBuffer>, number] {
  let out = bytes;
  if (at + text.length * 3 > out.length) {
    out = new Uint8Array(Math.max(out.length * 2, at + text.length * 3));
    out.set(bytes.subarray(0, at));
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return [out, at - i + utf8.encodeInto(text, out.subarray(at - i)).written];
    out[at++] = c;
  }
  return [out, at];
}

/** Reads chunks of one file, in order, keeping the texts' dictionary across them. */
export class DistrictChunkParser {
  readonly parser: DistrictRowParser;
  private readonly dictionary = new Map<string, number>();
  private readonly headerWidth: number | undefined;

  constructor(setup: DistrictParseSetup) {
    this.parser = new DistrictRowParser(setup);
    this.headerWidth = setup.headerWidth;
  }

  parseChunk({ rows, firstIndex, sumRowIndex }: ChunkRows): DistrictBatch {
    const capacity = rows.rowCount;
    const lines = new Int32Array(capacity);
    const numbers = new Float64Array(capacity * NUMBERS);
    const texts = new Int32Array(capacity * TEXTS);
    const keys = new Uint8Array(capacity * KEY_BYTES);
    const pseudonyms = new Uint8Array(capacity * PSEUDONYM_BYTES);
    let refs = new Uint8Array(capacity * REF_BYTES_PER_ROW);
    const refEnds = new Int32Array(capacity);
    let refBytes = 0;
    const newTexts: string[] = [];
    const rejects: RejectedRow[] = [];
    const skipped: SkippedRow[] = [];
    const widths = emptyWidths();
    const width = this.headerWidth;
    const parser = this.parser;
    const v = parser.v;
    let count = 0;
    let read = 0;
    for (let local = 0; local < rows.rowCount; local++) {
      const row = rows.row(local);
      const index = firstIndex + local;
      if (isBlankRow(row)) continue;
      // The physical line, as the whole file counts it: the same here, in the database thread and in a parse worker.
      const line = rows.line(local);
      if (isTotalsRow(row) || index === sumRowIndex) {
        skipped.push({ line, reason: 'totals row' });
        continue;
      }
      if (isNoteRow(row)) {
        skipped.push({ line, reason: 'note row' });
        continue;
      }
      read++;
      const failure = parser.parse(row, line);
      if (width !== undefined) tallyWidth(widths, row, width, line, failure === null);
      if (failure !== null) {
        if (failure.reject !== undefined) rejects.push(failure.reject);
        continue;
      }
      parser.digest();
      lines[count] = line;
      const n = count * NUMBERS;
      // Field by field rather than in a loop over names: a keyed read of `v` per field is several times slower.
      numbers[n] = v.recordType;
      numbers[n + 1] = v.month;
      numbers[n + 2] = v.day;
      numbers[n + 3] = v.hour ?? Number.NaN;
      numbers[n + 4] = v.reportedDay ?? Number.NaN;
      numbers[n + 5] = v.easting ?? Number.NaN;
      numbers[n + 6] = v.northing ?? Number.NaN;
      numbers[n + 7] = v.latitude ?? Number.NaN;
      numbers[n + 8] = v.longitude ?? Number.NaN;
      numbers[n + 9] = v.victimAge ?? Number.NaN;
      numbers[n + 10] = v.sex ?? Number.NaN;
      numbers[n + 11] = v.domestic ?? Number.NaN;
      numbers[n + 12] = v.hate ?? Number.NaN;
      numbers[n + 13] = v.alcohol ?? Number.NaN;
      const t = count * TEXTS;
      texts[t] = this.code(v.crimeType, newTexts);
      texts[t + 1] = this.code(v.district, newTexts);
      texts[t + 2] = this.code(v.ward, newTexts);
      texts[t + 3] = this.code(v.lsoaCode, newTexts);
      texts[t + 4] = this.code(v.outcome, newTexts);
      texts[t + 5] = this.code(v.ageBand, newTexts);
      texts[t + 6] = this.code(v.hateStrand, newTexts);
      texts[t + 7] = this.code(v.asbCategory, newTexts);
      texts[t + 8] = this.code(v.offenceCode, newTexts);
      texts[t + 9] = this.code(v.offenderAgeBand, newTexts);
      keys.set(parser.keyAndHash, count * KEY_BYTES);
      [refs, refBytes] = appendUtf8(refs, refBytes, v.ref);
      refEnds[count] = refBytes;
      const pseudonym = v.pseudonym;
      if (pseudonym !== null) {
        const at = count * PSEUDONYM_BYTES;
        for (let i = 0; i < PSEUDONYM_BYTES; i++) pseudonyms[at + i] = pseudonym.charCodeAt(i);
      }
      count++;
    }
    return { count, lines, numbers, texts, keys, pseudonyms, refs, refEnds, newTexts, read, rejects, skipped, widths };
  }

  /** A text's dictionary code (-1 for null), adding it to the batch's new texts when first seen. */
  private code(text: string | null, newTexts: string[]): number {
    if (text === null) return -1;
    let code = this.dictionary.get(text);
    if (code === undefined) {
      code = this.dictionary.size;
      this.dictionary.set(text, code);
      newTexts.push(text);
    }
    return code;
  }
}

/** The buffers a batch can hand over to another thread without a copy. */
export function batchTransfer(batch: DistrictBatch): ArrayBuffer[] {
  return [batch.lines.buffer, batch.numbers.buffer, batch.texts.buffer, batch.keys.buffer, batch.pseudonyms.buffer, batch.refs.buffer, batch.refEnds.buffer].filter(
    (buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer,
  );
}
