/**
 * iQuanta extracts (FORMATS.md section 2): counts and rates for an area
 * against its most similar group, long (one row per area, measure and
 * period) or wide (one column per month). A value is identified by area,
 * measure and period, so re-importing or overlapping downloads add nothing;
 * a changed figure (iQuanta revises recent months) is updated.
 */
import type { Statement } from 'sql.js';
import { type ParsedPeriod, parsePeriod } from './dates';
import { firstOfEach } from './value-columns';
import {
  ACCEPTED,
  DUPLICATE,
  type PreviewRow,
  type RowOutcome,
  type RowWriter,
  UPDATED,
  type WriterContext,
  cell,
  columnOf,
  parseNumber,
  rejected,
} from './writer';

interface IquantaValue {
  area: string;
  areaType: string | null;
  measure: string;
  period: ParsedPeriod;
  count: number;
  rate: number | null;
  msgAverage: number | null;
  msgRank: number | null;
  msgSize: number | null;
  msgLower: number | null;
  msgUpper: number | null;
}

type Parsed = { values: IquantaValue[] } | { reject: RowOutcome };

export class IquantaRowWriter implements RowWriter {
  private readonly insert: Statement;
  private readonly find: Statement;
  private readonly update: Statement;
  private readonly columns: Record<string, number>;
  /** Wide layout: each value column's period. */
  private readonly periods: { column: number; period: ParsedPeriod }[];

  constructor(private readonly context: WriterContext) {
    const { db, mapping, header } = context;
    const fields = ['area', 'area_type', 'measure', 'period', 'count', 'rate_per_1000', 'msg_average', 'msg_rank', 'msg_size', 'msg_lower', 'msg_upper'];
    this.columns = Object.fromEntries(fields.map((field) => [field, columnOf(mapping, field)]));
    const periods = context.valueColumns.flatMap((column) => {
      const period = parsePeriod(header[column] ?? '', context.isSpreadsheet);
      return period === null ? [] : [{ column, period }];
    });
    // Two columns for one month: the first is read (a row would otherwise write its second figure over its first).
    this.periods = firstOfEach(periods, ({ period }) => `${period.month}|${period.windowMonths}`, context, 'month');
    this.insert = db.prepare(
      `INSERT INTO iquanta_value (import_id, area, area_type, measure, period, month, window_months, count,
         rate_per_1000, msg_average, msg_rank, msg_size, msg_lower, msg_upper)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.find = db.prepare(
      `SELECT id, area_type, count, rate_per_1000, msg_average, msg_rank, msg_size, msg_lower, msg_upper
       FROM iquanta_value WHERE area = ? AND measure = ? AND month = ? AND window_months = ?`,
    );
    this.update = db.prepare(
      `UPDATE iquanta_value SET import_id = ?, area_type = ?, count = ?, rate_per_1000 = ?, msg_average = ?,
         msg_rank = ?, msg_size = ?, msg_lower = ?, msg_upper = ? WHERE id = ?`,
    );
  }

  private col(field: string): number {
    return this.columns[field] ?? -1;
  }

  private parse(row: readonly string[], line: number): Parsed {
    const reject = (field: string, reason: string): Parsed => ({ reject: rejected(line, field, reason, row) });
    const area = cell(row, this.col('area'));
    if (area === '') return reject('area', 'missing area');
    const measure = cell(row, this.col('measure'));
    if (measure === '') return reject('measure', 'missing measure');
    const areaType = cell(row, this.col('area_type')) || null;
    if (this.periods.length > 0) {
      const values: IquantaValue[] = [];
      for (const { column, period } of this.periods) {
        const text = cell(row, column);
        const count = parseNumber(text);
        const field = this.context.header[column] ?? `column ${column + 1}`;
        if (count === undefined) return reject(field, `not a number: "${text}"`);
        if (count === null) continue;
        if (count < 0) return reject(field, `negative count ${count}`);
        values.push({ area, areaType, measure, period, count, rate: null, msgAverage: null, msgRank: null, msgSize: null, msgLower: null, msgUpper: null });
      }
      // Nothing to write: counted as read and rejected, not as a duplicate of nothing.
      if (values.length === 0) return reject('count', 'no counts in the row (every month is blank)');
      return { values };
    }
    const periodText = cell(row, this.col('period'));
    if (periodText === '') return reject('period', 'missing period');
    const period = parsePeriod(periodText, this.context.isSpreadsheet);
    if (period === null) return reject('period', `unreadable period "${periodText}" (e.g. 2014-10, Oct 2014 or 12 months to Oct 2014)`);
    const countText = cell(row, this.col('count'));
    const count = parseNumber(countText);
    if (count === null) return reject('count', 'missing count');
    if (count === undefined) return reject('count', `not a number: "${countText}"`);
    if (count < 0) return reject('count', `negative count ${count}`);
    const numbers: Record<string, number | null> = {};
    for (const field of ['rate_per_1000', 'msg_average', 'msg_rank', 'msg_size', 'msg_lower', 'msg_upper']) {
      const text = cell(row, this.col(field));
      const value = parseNumber(text);
      if (value === undefined) return reject(field, `not a number: "${text}"`);
      if (value !== null && value < 0) return reject(field, `negative value ${value}`);
      numbers[field] = value;
    }
    const rank = numbers.msg_rank ?? null;
    const size = numbers.msg_size ?? null;
    if (rank !== null && !Number.isInteger(rank)) return reject('msg_rank', `not a whole number: ${rank}`);
    if (rank === 0) return reject('msg_rank', 'rank 0: ranks start at 1 (the lowest rate)');
    if (size !== null && !Number.isInteger(size)) return reject('msg_size', `not a whole number: ${size}`);
    if (rank !== null && size !== null && rank > size) return reject('msg_rank', `rank ${rank} is beyond the group's size ${size}`);
    const lower = numbers.msg_lower ?? null;
    const upper = numbers.msg_upper ?? null;
    // Swapped columns: the chart would draw the band upside down.
    if (lower !== null && upper !== null && lower > upper) return reject('msg_lower', `MSG band lower edge ${lower} is above its upper edge ${upper}`);
    return {
      values: [
        {
          area, areaType, measure, period, count,
          rate: numbers.rate_per_1000 ?? null,
          msgAverage: numbers.msg_average ?? null,
          msgRank: rank,
          msgSize: size,
          msgLower: numbers.msg_lower ?? null,
          msgUpper: numbers.msg_upper ?? null,
        },
      ],
    };
  }

  write(row: readonly string[], line: number): RowOutcome {
    const parsed = this.parse(row, line);
    if ('reject' in parsed) return parsed.reject;
    let added = 0;
    let changed = 0;
    for (const value of parsed.values) {
      const outcome = this.store(value);
      if (outcome === ACCEPTED) added++;
      else if (outcome === UPDATED) changed++;
    }
    // A row with several values (wide layout) is new if any value is new.
    return added > 0 ? ACCEPTED : changed > 0 ? UPDATED : DUPLICATE;
  }

  private store(value: IquantaValue): RowOutcome {
    const { db, importId } = this.context;
    const figures = [value.count, value.rate, value.msgAverage, value.msgRank, value.msgSize, value.msgLower, value.msgUpper];
    this.insert.run([importId, value.area, value.areaType, value.measure, value.period.label, value.period.month, value.period.windowMonths, ...figures]);
    if (db.getRowsModified() === 1) return ACCEPTED;
    this.find.bind([value.area, value.measure, value.period.month, value.period.windowMonths]);
    const existing = this.find.step() ? this.find.get() : null;
    this.find.reset();
    if (existing === null) throw new Error('iQuanta value not inserted and not found');
    const stored = existing.slice(1);
    const next = [value.areaType, ...figures];
    // A wide file carries counts only: its blanks do not erase a long file's rates.
    const merged = next.map((figure, i) => (figure === null ? (stored[i] ?? null) : figure));
    if (merged.every((figure, i) => figure === stored[i])) return DUPLICATE;
    this.update.run([importId, ...merged, Number(existing[0])]);
    return UPDATED;
  }

  preview(row: readonly string[], line: number): PreviewRow {
    const parsed = this.parse(row, line);
    if ('reject' in parsed) return { line, values: {}, ...(parsed.reject.reject ? { reject: parsed.reject.reject } : {}) };
    const first = parsed.values[0];
    const values: Record<string, string | number | null> = {};
    if (first !== undefined) {
      values.area = first.area;
      values.area_type = first.areaType;
      values.measure = first.measure;
    }
    if (this.periods.length > 0) {
      for (const value of parsed.values) values[value.period.label] = value.count;
    } else if (first !== undefined) {
      Object.assign(values, {
        period: first.period.label,
        count: first.count,
        rate_per_1000: first.rate,
        msg_average: first.msgAverage,
        msg_rank: first.msgRank,
        msg_size: first.msgSize,
        msg_lower: first.msgLower,
        msg_upper: first.msgUpper,
      });
    }
    return { line, values };
  }

  close(): void {
    this.insert.free();
    this.find.free();
    this.update.free();
  }
}
