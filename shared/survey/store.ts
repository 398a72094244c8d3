/**
 * Respect Survey answers from the workbench (survey_respondent x
 * survey_answer, written by shared/import/respect.ts) for the pure analysis
 * in ./analyse.
 */
import type { Database, SqlValue } from 'sql.js';
import { WorkbenchError } from '../errors';
import { fieldKey } from '../import/layouts';
import { type SurveyRequest, type SurveyResponse, type SurveyResult, normaliseAnswer, surveyResults } from './analyse';

export interface SurveyQuery {
  /** The question's column, e.g. `q_drug_dealing_problem` (matched as the importer keys it). */
  question: string;
  /** Only this wave (survey year). */
  wave?: number;
  /** Only these areas. */
  areas?: readonly string[];
}

/** Question columns held, e.g. ['q_asb_problem', 'q_drug_dealing_problem']. */
export function surveyQuestions(db: Database): string[] {
  return (db.exec('SELECT DISTINCT question FROM survey_answer ORDER BY question')[0]?.values ?? []).map(([q]) => String(q));
}

/** The waves (survey years) the workbench holds answers for, oldest first. */
export function surveyWaves(db: Database): number[] {
  return (db.exec('SELECT DISTINCT wave FROM survey_respondent ORDER BY wave')[0]?.values ?? []).map(([w]) => Number(w));
}

/** The answers respondents gave to one question, with their wave, area, age band and weight. */
export function surveyResponses(db: Database, query: SurveyQuery): SurveyResponse[] {
  const question = fieldKey(query.question);
  const clauses = ['a.question = ?'];
  const params: SqlValue[] = [question];
  if (query.wave !== undefined) {
    clauses.push('r.wave = ?');
    params.push(query.wave);
  }
  if (query.areas !== undefined && query.areas.length > 0) {
    clauses.push(`r.area IN (${query.areas.map(() => '?').join(', ')})`);
    params.push(...query.areas);
  }
  const statement = db.prepare(
    `SELECT r.wave, r.area, r.age_band, r.weight, a.answer
     FROM survey_answer a JOIN survey_respondent r ON r.id = a.respondent_id
     WHERE ${clauses.join(' AND ')}
     ORDER BY r.wave, r.area, r.id`,
  );
  const rows: SurveyResponse[] = [];
  try {
    statement.bind(params);
    while (statement.step()) {
      const [wave, area, ageBand, weight, answer] = statement.get();
      rows.push({ wave: Number(wave), area: String(area), ageBand: ageBand === null ? null : String(ageBand), weight: Number(weight), answer: String(answer) });
    }
  } finally {
    statement.free();
  }
  return rows;
}

/** The `survey` command: results for a question, checked against what the workbench holds. */
export function surveyFromStore(db: Database, query: SurveyQuery, request: SurveyRequest): SurveyResult[] {
  const questions = surveyQuestions(db);
  if (!questions.includes(fieldKey(query.question))) {
    throw new WorkbenchError({
      code: 'bad-input',
      field: 'question',
      message:
        questions.length === 0
          ? 'The workbench holds no Respect Survey answers: import a survey extract first.'
          : `No survey question "${query.question}"; the workbench holds ${questions.join(', ')}.`,
    });
  }
  const key = fieldKey(query.question);
  if (request.positive.length === 0) {
    throw new WorkbenchError({ code: 'bad-input', field: 'positive', message: `Give the answers to count as positive for ${key}, e.g. "Very big problem, Fairly big problem".` });
  }
  // An answer no respondent gave (usually a misspelling) would read as 0% everywhere: refuse it and list the answers held.
  const given = (db.exec('SELECT DISTINCT answer FROM survey_answer WHERE question = ? ORDER BY answer', [key])[0]?.values ?? []).map(([a]) => String(a));
  const known = new Set(given.map(normaliseAnswer));
  const unknown = request.positive.filter((answer) => !known.has(normaliseAnswer(answer)));
  if (unknown.length > 0) {
    throw new WorkbenchError({
      code: 'bad-input',
      field: 'positive',
      message: `No respondent answered ${unknown.map((a) => `"${a}"`).join(' or ')} to ${key}; the answers given: ${given.join(', ')}.`,
    });
  }
  return surveyResults(surveyResponses(db, query), request);
}
