/**
 * Respect Survey: the weighted share of respondents giving the chosen
 * positive answers to one question, by area, age band or wave, with Wilson
 * intervals on the effective sample size, as a table and a bar chart with
 * error bars (and the plan's target line where there is one).
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { formatFraction } from '../../../shared/figures';
import { SURVEY_TARGETS, surveyChart, surveyChartRows } from '../../../shared/charts/builders';
import { sourceNote, surveyQuestionTitle } from '../../../shared/charts/text';
import type { ChartText } from '../../../shared/charts/theme';
import { SURVEY_GROUPS, type SurveyGroup, type SurveyResult, againstRestNote, againstRestText, isSurveyGroup } from '../../../shared/survey/analyse';
import { command } from '../actions/command';
import { formatCount } from '../format';
import { useWorkbenchStore } from '../state/workbench-store';
import { AddToProfile } from './AddToProfile';
import { ThemedChart } from './ThemedChart';

const GROUP_LABELS: Readonly<Record<SurveyGroup, string>> = { area: 'Area', age_band: 'Age band', wave: 'Wave (survey year)' };

/** A first guess at the positive answers from the question's wording; the analyst can change it. */
export function defaultPositive(question: string): string {
  // "problem" first: q_drug_dealing_problem is a problem scale, though its name says dealing.
  if (/problem/.test(question)) return 'Very big problem, Fairly big problem';
  if (/safe/.test(question)) return 'Very safe, Fairly safe';
  if (/agree|dealing/.test(question)) return 'Strongly agree, Tend to agree';
  return '';
}

// Half away from zero, as every figure (toFixed showed 0.2875 as 28.7%).
const percent = (value: number | null): string => (value === null ? '–' : formatFraction(value));
/** Weighted and effective sample sizes, the UK way: 1,203.4. */
const SAMPLE_SIZE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A wave (survey year) held, or every wave pooled. */
type WaveChoice = number | 'all';

/** The wave(s) a run's figures come from, in the caption, chart and file names. */
export function wavesText(wave: number | undefined, by: SurveyGroup): string {
  if (by === 'wave') return 'each wave';
  return wave === undefined ? 'all waves pooled' : `${wave} wave`;
}

interface Run {
  question: string;
  positive: string[];
  by: SurveyGroup;
  /** Only this wave; undefined: every wave pooled (or, by wave, each on its own row). */
  wave: number | undefined;
  results: SurveyResult[];
}

export function SurveyPanel() {
  const dataVersion = useWorkbenchStore((s) => s.dataVersion);
  const info = useWorkbenchStore((s) => s.info);
  const [questions, setQuestions] = useState<string[]>([]);
  const [question, setQuestion] = useState('');
  const [positive, setPositive] = useState('');
  const [by, setBy] = useState<SurveyGroup>('area');
  const [waves, setWaves] = useState<number[]>([]);
  // The latest wave by default, as a local profile reads; pooling all waves is a choice, named as such.
  const [wave, setWave] = useState<WaveChoice>('all');
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let isCurrent = true;
    command('survey/questions', {})
      .then((list) => {
        if (!isCurrent) return;
        setQuestions(list);
        setRun(null);
        const first = list[0] ?? '';
        setQuestion((current) => (list.includes(current) ? current : first));
        setPositive((current) => (current === '' ? defaultPositive(first) : current));
      })
      .catch(() => isCurrent && setQuestions([]));
    command('survey/waves', {})
      .then((list) => {
        if (!isCurrent) return;
        setWaves(list);
        setWave((current) => (current !== 'all' && list.includes(current) ? current : (list.at(-1) ?? 'all')));
      })
      .catch(() => isCurrent && setWaves([]));
    return () => {
      isCurrent = false;
    };
  }, [dataVersion]);

  const chooseQuestion = (next: string): void => {
    setQuestion(next);
    setPositive(defaultPositive(next));
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const labels = positive.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (question === '') return;
    // Results left on screen under an error would read as the answer to the new question.
    if (labels.length === 0) {
      setRun(null);
      setError('Enter the answers to count as positive, separated by commas (e.g. Very big problem, Fairly big problem).');
      return;
    }
    setError(null);
    // By wave, each wave is its own row: the wave choice does not apply.
    const only = by === 'wave' || wave === 'all' ? undefined : wave;
    command('survey/run', { query: { question, ...(only === undefined ? {} : { wave: only }) }, request: { positive: labels, by: [by] } })
      .then((results) => setRun({ question, positive: labels, by, wave: only, results }))
      .catch((e: unknown) => {
        setRun(null);
        setError(e instanceof Error ? e.message : String(e));
      });
  };

  const text = useMemo<ChartText>(
    () =>
      run === null
        ? { title: '', subtitle: '', sourceNote: '' }
        : {
            title: surveyQuestionTitle(run.question),
            subtitle: `% answering ${run.positive.map((p) => `"${p}"`).join(' or ')} by ${GROUP_LABELS[run.by].toLowerCase()}, ${wavesText(run.wave, run.by)} (weighted; "Don't know" excluded), with 95% confidence intervals (Wilson, effective sample size)`,
            sourceNote: sourceNote(info, ['respect']),
          },
    [run, info],
  );
  const build = useMemo(() => {
    if (run === null) return null;
    const rows = surveyChartRows(run.results);
    if (rows.length === 0) return null;
    return (chartText: ChartText, width: number) => surveyChart(rows, { text: chartText, width, target: SURVEY_TARGETS[run.question] ?? null });
  }, [run]);

  // Grouped by area or age band, each is set against the rest of the respondents.
  const compared = run !== null && run.results.some((r) => r.against_rest !== undefined);

  return (
    <div className="screen" data-testid="survey-panel">
      <div className="screen-header">
        <h2>Respect Survey</h2>
        <p className="method-note">
          The weighted share of respondents giving a positive answer. &quot;Don&apos;t know&quot; is left out of both the count and the total. Intervals are
          95% Wilson intervals on Kish&apos;s effective sample size, so weighting widens them honestly. Figures are for the latest wave unless
          you choose another; &quot;All waves, pooled&quot; counts every wave&apos;s respondents together.
        </p>
      </div>
      {questions.length === 0 ? (
        <p className="muted empty-screen">The workbench holds no Respect Survey answers: import a survey extract (one q_ column per question).</p>
      ) : (
        <form className="form-row" onSubmit={submit}>
          <label className="inline-field">
            Question
            <select value={question} onChange={(e) => chooseQuestion(e.target.value)} data-testid="survey-question">
              {questions.map((q) => (
                <option key={q} value={q}>
                  {surveyQuestionTitle(q)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field survey-positive">
            Positive answers (comma separated)
            <input value={positive} onChange={(e) => setPositive(e.target.value)} data-testid="survey-positive" />
          </label>
          <label className="inline-field">
            By
            <select value={by} onChange={(e) => isSurveyGroup(e.target.value) && setBy(e.target.value)} data-testid="survey-by">
              {SURVEY_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {GROUP_LABELS[g]}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            Wave
            <select
              value={by === 'wave' ? 'all' : String(wave)}
              disabled={by === 'wave'}
              onChange={(e) => setWave(e.target.value === 'all' ? 'all' : Number(e.target.value))}
              data-testid="survey-wave"
            >
              {[...waves].reverse().map((w) => (
                <option key={w} value={String(w)}>
                  {w}
                </option>
              ))}
              <option value="all">{by === 'wave' ? 'Each wave (by wave)' : 'All waves, pooled'}</option>
            </select>
          </label>
          <button type="submit" className="primary" data-testid="survey-run">
            Run
          </button>
        </form>
      )}
      {error !== null && (
        <p className="panel-error" role="alert" data-testid="survey-error">
          {error}
        </p>
      )}
      {/* Before the first Run, what Run will give, as the Flags tab says. */}
      {run === null && error === null && questions.length > 0 && (
        <p className="muted empty-screen" data-testid="survey-empty">
          Choose a question and the answers that count as positive, then Run: the weighted share of respondents by {GROUP_LABELS[by].toLowerCase()}, with 95% intervals
          {by === 'wave' ? '' : ', and each one against the rest of the respondents'}.
        </p>
      )}
      {run !== null && (
        <>
          <table className="data-table survey-table" data-testid="survey-results">
            <caption className="survey-caption" data-testid="survey-caption">
              {surveyQuestionTitle(run.question)}, by {GROUP_LABELS[run.by].toLowerCase()}: {wavesText(run.wave, run.by)}
              {run.wave === undefined && run.by !== 'wave' ? ' (respondents of every wave counted together)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">{GROUP_LABELS[run.by]}</th>
                <th scope="col" className="num">
                  Respondents
                </th>
                <th scope="col" className="num">
                  Weighted n
                </th>
                <th scope="col" className="num">
                  Effective n
                </th>
                <th scope="col" className="num">
                  Weighted %
                </th>
                <th scope="col" className="num">
                  95% interval
                </th>
                {compared && <th scope="col">Against the rest</th>}
              </tr>
            </thead>
            <tbody>
              {run.results.map((r) => {
                const label = Object.values(r.group).join(' / ') || 'All respondents';
                return (
                  <tr key={label} data-group={label}>
                    <th scope="row">{label}</th>
                    <td className="num">{formatCount(r.respondents)}</td>
                    <td className="num" data-testid="survey-weighted-n">
                      {SAMPLE_SIZE.format(r.weighted_n)}
                    </td>
                    <td className="num">{SAMPLE_SIZE.format(r.effective_n)}</td>
                    <td className="num" data-testid="survey-estimate">
                      {percent(r.estimate)}
                    </td>
                    <td className="num">{r.lower === null || r.upper === null ? '–' : `${percent(r.lower)} to ${percent(r.upper)}`}</td>
                    {compared && (
                      <td data-testid="survey-against-rest" data-verdict={r.against_rest?.verdict ?? 'none'} className={r.against_rest?.verdict === 'similar' || r.against_rest === null ? 'muted' : undefined}>
                        {r.against_rest === null || r.against_rest === undefined ? '–' : againstRestText(r.against_rest)}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {compared && (
            <p className="method-note" data-testid="survey-against-rest-note">
              {againstRestNote(run.by)}.
            </p>
          )}
          <ThemedChart heading="Chart" text={text} build={build} baseName={`survey-${run.question}-by-${run.by}${run.wave === undefined ? '' : `-${run.wave}`}`} testId="survey-chart" placeholder="No estimates to chart." />
          {/* The shares go into a profile as the question asked, run again at export (shares from few respondents withheld). */}
          <AddToProfile
            // The wave goes with it (none: all waves, as an item saved before waves could be chosen).
            item={{ kind: 'analysis', analysis: { analysis: 'survey', query: { question: run.question, ...(run.wave === undefined ? {} : { wave: run.wave }) }, request: { positive: run.positive, by: [run.by] } } }}
            nameTestId="survey-profile-name"
            addTestId="survey-profile-add"
          />
        </>
      )}
    </div>
  );
}
