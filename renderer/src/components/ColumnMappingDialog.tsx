/**
 * Column mapping: when an extract's header lacks required fields (or
 * matches no layout at all), the analyst chooses the kind of extract and a
 * column for each field, sees the first rows and the value each mapped field
 * would be read as (or why a row would be rejected for it), and imports
 * again. A workbook of several sheets (a cover or notes sheet often comes
 * first) gets a sheet choice, which reads that sheet afresh. Cancel imports
 * nothing and saves nothing. The core saves the mapping in the workbench and
 * applies it to the next file with this header.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FieldReading, ImportPreview } from '../../../shared/import/import-files';
import { type ColumnMapping, IMPORT_KINDS, type ImportKind, KIND_LABELS } from '../../../shared/import/types';
import { command } from '../actions/command';
import { sheetLabel, sheetsVisibleFirst } from '../actions/sheet-choice';
import { type MappingQuestion, useMappingStore } from '../state/mapping-store';
import { Modal } from './Modal';

const NOT_IN_FILE = '';

function columnLabel(header: readonly string[], index: number): string {
  const name = header[index] ?? '';
  return `${String.fromCharCode(65 + (index % 26))}${index >= 26 ? Math.floor(index / 26) : ''}: ${name === '' ? '(blank)' : name}`;
}

function formatParsed(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  return String(value);
}

/** The kinds an analyst can map (police.uk files always have their own header). */
const MAPPABLE_KINDS = IMPORT_KINDS.filter((k) => k !== 'police-uk');

/** What the first preview row reads for a field, and how many preview rows it would reject. */
function readingText(readings: readonly FieldReading[] | undefined): { text: string; isRejected: boolean } {
  const first = readings?.[0];
  if (first === undefined) return { text: 'no data rows to read', isRejected: false };
  const rejects = readings?.filter((r) => 'reject' in r).length ?? 0;
  const others = rejects - ('reject' in first ? 1 : 0);
  const more = others > 0 ? ` (${others} more of the first ${readings?.length ?? 0} rows rejected)` : '';
  return 'reject' in first
    ? { text: `rejected: ${first.reject}${more}`, isRejected: true }
    : { text: `reads as: ${formatParsed(first.value)}${more}`, isRejected: false };
}

function sameColumns(a: ColumnMapping, b: ColumnMapping): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((field) => a[field] === b[field]);
}

/** The sheet argument of a preview (none for CSV). */
function sheetArg(sheet: string | null): { sheet?: string } {
  return sheet === null ? {} : { sheet };
}

function MappingForm({ question }: { question: MappingQuestion }) {
  const { file, preview: initial, reason, answer } = question;
  const [kind, setKind] = useState<ImportKind | null>(initial.kind);
  const [columns, setColumns] = useState<ColumnMapping>(initial.mapping);
  const [preview, setPreview] = useState<ImportPreview>(initial);
  const [sheet, setSheet] = useState<string | null>(initial.sheet);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [isLoadingKind, setLoadingKind] = useState(false);
  // What the first columns were guessed from (the previews that follow read an explicit mapping).
  const [guess, setGuess] = useState<string[] | null>(initial.source === 'guessed' ? initial.evidence : null);
  // A chosen sheet the workbench reads by itself (known header, or a mapping saved for it): imported as found, nothing saved.
  const [found, setFound] = useState<{ kind: ImportKind; columns: ColumnMapping } | null>(null);
  const missing = preview.kind === kind ? preview.required.filter((name) => columns[name] === undefined) : [];
  const canImport = kind !== null && preview.kind === kind && !isLoadingKind && missing.length === 0;

  // The values read follow the choices: the core reads the first rows with this mapping.
  useEffect(() => {
    if (kind === null || isLoadingKind) return;
    let isCurrent = true;
    command('import/preview', { file: { name: file.name, bytes: file.bytes.slice() }, kind, mapping: { kind, columns, save: false }, ...sheetArg(sheet) })
      .then((next) => {
        if (!isCurrent) return;
        setPreview(next);
        setPreviewError(null);
      })
      .catch((error: unknown) => {
        if (isCurrent) setPreviewError(error instanceof Error ? error.message : String(error));
      });
    return () => {
      isCurrent = false;
    };
  }, [columns, file, kind, isLoadingKind, sheet]);

  // Another kind has other fields: start from what the core finds (or guesses) for that kind.
  const chooseKind = (value: string): void => {
    const next = MAPPABLE_KINDS.find((k) => k === value) ?? null;
    setKind(next);
    if (next === null) return;
    setLoadingKind(true);
    command('import/preview', { file: { name: file.name, bytes: file.bytes.slice() }, kind: next, ...sheetArg(sheet) })
      .then((fresh) => {
        setPreview(fresh);
        setColumns(fresh.mapping);
        setGuess(fresh.source === 'guessed' ? fresh.evidence : null);
        setPreviewError(null);
      })
      .catch((error: unknown) => setPreviewError(error instanceof Error ? error.message : String(error)))
      .finally(() => setLoadingKind(false));
  };

  // Another sheet is another table: its header, kind and columns are found afresh.
  const chooseSheet = (value: string): void => {
    if (!initial.sheets.includes(value)) return;
    setSheet(value);
    setLoadingKind(true);
    command('import/preview', { file: { name: file.name, bytes: file.bytes.slice() }, sheet: value })
      .then((fresh) => {
        setPreview(fresh);
        setKind(fresh.kind);
        setColumns(fresh.mapping);
        setGuess(fresh.source === 'guessed' ? fresh.evidence : null);
        // Read as found only when the importer parses its rows that way (every required field and value column there).
        const readsItself = (fresh.source === 'automatic' || fresh.source === 'saved') && fresh.missing.length === 0 && fresh.parsed.length > 0;
        setFound(readsItself && fresh.kind !== null ? { kind: fresh.kind, columns: fresh.mapping } : null);
        setPreviewError(null);
      })
      .catch((error: unknown) => setPreviewError(error instanceof Error ? error.message : String(error)))
      .finally(() => setLoadingKind(false));
  };

  const usedBy = useMemo(() => {
    const map = new Map<number, string[]>();
    for (const [field, index] of Object.entries(columns)) map.set(index, [...(map.get(index) ?? []), field]);
    return map;
  }, [columns]);

  const choose = (field: string, value: string): void => {
    setColumns((current) => {
      const next = { ...current };
      if (value === NOT_IN_FILE) delete next[field];
      else next[field] = Number(value);
      return next;
    });
  };

  const onOk = (): void => {
    if (kind === null || !canImport) return;
    const chosenSheet = sheet !== null && initial.sheets.length > 1 ? { sheet } : {};
    const asFound = found !== null && found.kind === kind && sameColumns(found.columns, columns);
    answer(asFound ? chosenSheet : { mapping: { kind, columns, headerLine: preview.headerLine }, ...chosenSheet });
  };

  return (
    <Modal
      title={`Map the columns of ${file.name}`}
      onCancel={() => answer(null)}
      testId="column-mapping"
      wide
      actions={
        <>
          <button type="button" onClick={() => answer(null)}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!canImport} onClick={onOk} data-testid="mapping-ok">
            Import with this mapping
          </button>
        </>
      }
    >
      {/* The reason was given for the sheet first read. */}
      {sheet === initial.sheet && <p className="mapping-reason">{reason}</p>}
      {initial.sheets.length > 1 && (
        <div className="mapping-kind">
          <label htmlFor="map-sheet">Sheet</label>
          <select id="map-sheet" data-testid="map-sheet" value={sheet ?? ''} disabled={isLoadingKind} onChange={(event) => chooseSheet(event.target.value)}>
            {/* Sheets the analyst can see in Excel first, each with its rows; hidden ones marked. */}
            {sheetsVisibleFirst(initial.sheetSummaries).map((s) => (
              <option key={s.name} value={s.name}>
                {sheetLabel(s)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="mapping-kind">
        <label htmlFor="map-kind">Kind of extract</label>
        <select id="map-kind" data-testid="map-kind" value={kind ?? ''} onChange={(event) => chooseKind(event.target.value)}>
          {kind === null && <option value="">— choose the kind of extract —</option>}
          {/* Only a chosen sheet can be a police.uk file here (its header is known, so it imports as found). */}
          {kind === 'police-uk' && <option value="police-uk">{KIND_LABELS['police-uk']}</option>}
          {MAPPABLE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      {kind === null ? (
        <p className="muted" data-testid="mapping-choose-kind">
          The workbench cannot tell which kind of extract this is. Choose the kind, then the column that holds each field.
        </p>
      ) : (
        <>
          {guess !== null && !isLoadingKind && (
            <p className="mapping-guess" data-testid="mapping-guess">
              The columns were first chosen by a guess ({guess.join(', ')}). Check each one before importing.
            </p>
          )}
          <p className="muted">
            Choose the column that holds each field (<span className="required-mark">*</span> required). Under each choice is the value
            the first row gives it. The mapping is kept in this workbench and used automatically for the next file with the same header.
          </p>
          <div className="mapping-fields">
            {preview.fields.map((field) => {
              const index = columns[field.name];
              const shared = index === undefined ? [] : (usedBy.get(index) ?? []).filter((f) => f !== field.name);
              const reading = index === undefined || preview.kind !== kind ? null : readingText(preview.byField[field.name]);
              return (
                <div key={field.name} className={field.required && index === undefined ? 'mapping-field missing' : 'mapping-field'}>
                  <label htmlFor={`map-${field.name}`}>
                    {field.label}
                    {field.required && (
                      <span className="required-mark" aria-label="required">
                        {' '}
                        *
                      </span>
                    )}
                  </label>
                  <select
                    id={`map-${field.name}`}
                    data-testid={`map-${field.name}`}
                    value={index === undefined ? NOT_IN_FILE : String(index)}
                    onChange={(event) => choose(field.name, event.target.value)}
                  >
                    <option value={NOT_IN_FILE}>— not in this file —</option>
                    {preview.header.map((_, i) => (
                      <option key={i} value={String(i)}>
                        {columnLabel(preview.header, i)}
                      </option>
                    ))}
                  </select>
                  {reading !== null && (
                    <span
                      className={reading.isRejected ? 'parsed-value rejected' : 'parsed-value'}
                      data-testid={`parsed-${field.name}`}
                      title={reading.text}
                    >
                      {reading.text}
                      {shared.length > 0 ? ` (same column as ${shared.join(', ')})` : ''}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </>
      )}
      {previewError !== null && (
        <p className="panel-error" role="alert">
          {previewError}
        </p>
      )}
      <h3>First rows (header on line {preview.headerLine})</h3>
      {/* Focusable, so the keyboard can scroll a preview wider than the dialog (WCAG 2.1.1). */}
      <div className="mapping-preview" tabIndex={0} role="region" aria-label="First rows of the file">
        <table className="data-table" data-testid="mapping-preview">
          <thead>
            <tr>
              {preview.header.map((name, i) => (
                <th key={i} scope="col">
                  {columnLabel(preview.header, i)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              <tr key={r}>
                {preview.header.map((_, i) => (
                  <td key={i}>{row[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Modal>
  );
}

export function ColumnMappingDialog() {
  const question = useMappingStore((s) => s.question);
  if (question === null) return null;
  return <MappingForm key={question.file.name} question={question} />;
}
