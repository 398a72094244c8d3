/**
 * Respect Survey extracts (FORMATS.md section 3): one row per respondent and
 * wave, with one `q_*` column per question. Respondents are keyed by wave and
 * respondent id; their answers go to `survey_answer` (one row per question
 * answered), so a weighted share by area, age band or wave is a single join.
 */
import type { Statement } from 'sql.js';
import { parseAgeBand } from '../age-bands';
import { digest128Into, equalBytes } from './digest';
import { fieldKey } from './layouts';
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
  parseSex,
  rejected,
} from './writer';

interface Respondent {
  ref: string;
  wave: number;
  area: string;
  ageBand: string | null;
  sex: number | null;
  ethnicity: string | null;
  weight: number;
  answers: [question: string, answer: string][];
}

export class RespectRowWriter implements RowWriter {
  private readonly insert: Statement;
  private readonly find: Statement;
  private readonly update: Statement;
  private readonly insertAnswer: Statement;
  private readonly questions: { column: number; question: string }[];
  private readonly hash = new Uint8Array(16);
  private readonly c: Record<'ref' | 'wave' | 'area' | 'ageBand' | 'sex' | 'ethnicity' | 'weight', number>;
  /** Lines of respondents whose weight cell is blank in a file that has weights. */
  private readonly blankWeights: number[] = [];

  constructor(private readonly context: WriterContext) {
    const { db, mapping, header } = context;
    this.c = {
      ref: columnOf(mapping, 'respondent_id'),
      wave: columnOf(mapping, 'wave'),
      area: columnOf(mapping, 'area'),
      ageBand: columnOf(mapping, 'age_band'),
      sex: columnOf(mapping, 'sex'),
      ethnicity: columnOf(mapping, 'ethnicity'),
      weight: columnOf(mapping, 'weight'),
    };
    // A question in two columns: the first is read (two answers to one question would break the answers' key).
    this.questions = firstOfEach(
      context.valueColumns.map((column) => ({ column, question: fieldKey(header[column] ?? '') })),
      ({ question }) => question,
      context,
      'question',
    );
    this.insert = db.prepare(
      `INSERT INTO survey_respondent (import_id, wave, respondent_ref, area, age_band, sex, ethnicity, weight, content_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.find = db.prepare('SELECT id, content_hash FROM survey_respondent WHERE wave = ? AND respondent_ref = ?');
    this.update = db.prepare(
      `UPDATE survey_respondent SET import_id = ?, area = ?, age_band = ?, sex = ?, ethnicity = ?, weight = ?,
         content_hash = ? WHERE id = ?`,
    );
    this.insertAnswer = db.prepare('INSERT INTO survey_answer (respondent_id, question, answer) VALUES (?, ?, ?)');
  }

  private parse(row: readonly string[], line: number): Respondent | RowOutcome {
    const ref = cell(row, this.c.ref);
    if (ref === '') return rejected(line, 'respondent_id', 'missing respondent id', row);
    const waveText = cell(row, this.c.wave);
    const waveMatch = /^(\d{4})(?:\s*[/-]\s*\d{2,4})?$/.exec(waveText);
    if (waveMatch === null) {
      return rejected(line, 'wave', waveText === '' ? 'missing wave' : `wave must be a year, not "${waveText}"`, row);
    }
    const wave = Number(waveMatch[1]);
    if (wave < 1990 || wave > this.context.now.getUTCFullYear()) {
      return rejected(line, 'wave', `wave ${wave} is outside 1990-${this.context.now.getUTCFullYear()}`, row);
    }
    const area = cell(row, this.c.area);
    if (area === '') return rejected(line, 'area', 'missing area', row);
    const weightText = cell(row, this.c.weight);
    const weight = parseNumber(weightText);
    if (weight === undefined || (weight !== null && !(weight > 0))) {
      return rejected(line, 'weight', `weight must be a positive number, not "${weightText}"`, row);
    }
    const band = cell(row, this.c.ageBand);
    const answers: [string, string][] = [];
    for (const { column, question } of this.questions) {
      const answer = cell(row, column);
      if (answer !== '') answers.push([question, answer.replace(/\s+/g, ' ')]);
    }
    const ethnicity = cell(row, this.c.ethnicity);
    return {
      ref,
      wave,
      area,
      ageBand: band === '' ? null : (parseAgeBand(band)?.name ?? band),
      sex: parseSex(cell(row, this.c.sex)),
      ethnicity: ethnicity === '' ? null : ethnicity,
      weight: weight ?? 1,
      answers,
    };
  }

  write(row: readonly string[], line: number): RowOutcome {
    const parsed = this.parse(row, line);
    if ('status' in parsed) return parsed;
    if (this.c.weight >= 0 && cell(row, this.c.weight) === '') this.blankWeights.push(line);
    const { db, importId } = this.context;
    const r = parsed;
    digest128Into(
      [r.area, r.ageBand, r.sex, r.ethnicity, r.weight, ...r.answers.map(([q, a]) => `${q}=${a}`)].join('\u001f'),
      this.hash,
    );
    this.insert.run([importId, r.wave, r.ref, r.area, r.ageBand, r.sex, r.ethnicity, r.weight, this.hash]);
    let id: number;
    let outcome: RowOutcome;
    if (db.getRowsModified() === 1) {
      id = Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
      outcome = ACCEPTED;
    } else {
      this.find.bind([r.wave, r.ref]);
      const existing = this.find.step() ? this.find.get() : null;
      this.find.reset();
      if (existing === null) throw new Error('survey respondent not inserted and not found');
      const stored = existing[1];
      if (stored instanceof Uint8Array && equalBytes(stored, this.hash)) return DUPLICATE;
      id = Number(existing[0]);
      this.update.run([importId, r.area, r.ageBand, r.sex, r.ethnicity, r.weight, this.hash, id]);
      db.run('DELETE FROM survey_answer WHERE respondent_id = ?', [id]);
      outcome = UPDATED;
    }
    for (const [question, answer] of r.answers) this.insertAnswer.run([id, question, answer]);
    return outcome;
  }

  preview(row: readonly string[], line: number): PreviewRow {
    const parsed = this.parse(row, line);
    if ('status' in parsed) return { line, values: {}, ...(parsed.reject ? { reject: parsed.reject } : {}) };
    return {
      line,
      values: {
        respondent_id: parsed.ref,
        wave: parsed.wave,
        area: parsed.area,
        age_band: parsed.ageBand,
        sex: parsed.sex === 1 ? 'F' : parsed.sex === 2 ? 'M' : null,
        ethnicity: parsed.ethnicity,
        weight: parsed.weight,
        ...Object.fromEntries(parsed.answers),
      },
    };
  }

  /**
   * Blank weights beside weighted respondents: weight 1, as FORMATS.md's
   * default says, but said, since 1 is rarely what the survey's weights
   * would give.
   */
  finish(): void {
    const lines = this.blankWeights;
    if (lines.length === 0) return;
    const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', ...' : '');
    const who = lines.length === 1 ? '1 respondent has' : `${lines.length} respondents have`;
    this.context.warnings.push(`${this.context.fileName}: ${who} a blank weight (line${lines.length === 1 ? '' : 's'} ${shown}), counted as weight 1 beside the file's weighted respondents; give the weights if 1 is wrong.`);
  }

  close(): void {
    this.insert.free();
    this.find.free();
    this.update.free();
    this.insertAnswer.free();
  }
}
