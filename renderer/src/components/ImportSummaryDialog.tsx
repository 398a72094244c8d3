import { type ImportReport, kindLabel } from '../../../shared/import/types';
import { saveRejects } from '../actions/import-actions';
import { formatCount } from '../format';
import { useImportStore } from '../state/import-store';
import { Modal } from './Modal';

const COUNTS = ['read', 'accepted', 'rejected', 'duplicate', 'updated'] as const satisfies readonly (keyof ImportReport)[];
/** Every reject is listed up to this many (in a scrolling box); past it the rejects CSV has them all. */
const LISTED_REJECTS = 1_000;

function totalsOf(reports: readonly ImportReport[]): Record<(typeof COUNTS)[number], number> {
  const totals = { read: 0, accepted: 0, rejected: 0, duplicate: 0, updated: 0 };
  for (const report of reports) for (const key of COUNTS) totals[key] += report[key];
  return totals;
}

function RejectsTable({ reports }: { reports: readonly ImportReport[] }) {
  const rejects = reports.flatMap((r) => r.rejects.map((reject) => ({ file: r.file, ...reject })));
  if (rejects.length === 0) return <p className="muted">No rows were rejected.</p>;
  const isAll = rejects.length <= LISTED_REJECTS;
  return (
    <>
      <h3>
        {isAll
          ? `Rejected rows (${formatCount(rejects.length)})`
          : `First ${formatCount(LISTED_REJECTS)} of ${formatCount(rejects.length)} rejected rows: save rejects as CSV for them all`}
      </h3>
      {/* Focusable, so the keyboard can scroll the list (WCAG 2.1.1). */}
      <div className="rejects-list" tabIndex={0} role="region" aria-label="Rejected rows">
        <table className="data-table" data-testid="import-rejects">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Line</th>
              <th scope="col">Field</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {rejects.slice(0, LISTED_REJECTS).map((reject) => (
              <tr key={`${reject.file}:${reject.line}:${reject.field}`}>
                <td>{reject.file}</td>
                <td className="num">{reject.line}</td>
                <td>{reject.field}</td>
                <td>{reject.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" data-testid="import-rejects-line-note">
        Line: where the row starts in the file, as a text editor numbers lines (line breaks inside quoted cells count); in a workbook, the sheet’s row number.
      </p>
    </>
  );
}

/** What the last import did, file by file, so the analyst can check it against the source. */
export function ImportSummaryDialog() {
  const reports = useImportStore((s) => s.reports);
  const dismiss = useImportStore((s) => s.dismissSummary);
  if (reports === null) return null;
  const totals = totalsOf(reports);
  // Some warnings already start with the file's name.
  const warnings = reports.flatMap((r) => r.warnings.map((w) => (w.startsWith(`${r.file}:`) ? w : `${r.file}: ${w}`)));
  const hasRejects = reports.some((r) => r.rejects.length > 0);
  return (
    <Modal
      title="Import complete"
      onCancel={dismiss}
      testId="import-summary"
      wide
      actions={
        <>
          {hasRejects && (
            <button type="button" onClick={() => void saveRejects(reports)}>
              Save rejects as CSV
            </button>
          )}
          <button type="button" className="primary" autoFocus onClick={dismiss}>
            Close
          </button>
        </>
      }
    >
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Kind</th>
            {COUNTS.map((key) => (
              <th key={key} scope="col" className="num">
                {key[0]?.toUpperCase()}
                {key.slice(1)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {reports.map((report) => (
            <tr key={report.file} data-read-by={report.readBy}>
              <td>{report.file}</td>
              <td data-kind={report.kind}>{kindLabel(report.kind)}</td>
              {COUNTS.map((key) => (
                <td key={key} className="num">
                  {formatCount(report[key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            {COUNTS.map((key) => (
              <td key={key} className="num" data-testid={`summary-total-${key}`}>
                {formatCount(totals[key])}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      {warnings.length > 0 && (
        <ul className="warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <RejectsTable reports={reports} />
    </Modal>
  );
}
