/**
 * Column mapping: when an extract's header lacks required fields, the
 * analyst chooses a column for each field, sees the first rows and the value
 * each mapped field would be read as, and imports again. The core saves the
 * mapping in the workbench and applies it to the next file with this header.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ImportPreview } from '../../../shared/import/import-files';
import type { ColumnMapping } from '../../../shared/import/types';
import { command } from '../actions/command';
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

function MappingForm({ question }: { question: MappingQuestion }) {
  const { file, preview: initial, reason, answer } = question;
  const [columns, setColumns] = useState<ColumnMapping>(initial.mapping);
  const [preview, setPreview] = useState<ImportPreview>(initial);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const kind = initial.kind;
  const missing = initial.required.filter((name) => columns[name] === undefined);

  // The parsed values follow the choices: the core reads the first rows with this mapping.
  useEffect(() => {
    if (kind === null) return;
    let isCurrent = true;
    command('import/preview', { file: { name: file.name, bytes: file.bytes.slice() }, kind, mapping: { kind, columns, save: false } })
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
  }, [columns, file, kind]);

  const firstParsed = preview.parsed[0];
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
    if (kind === null || missing.length > 0) return;
    answer({ kind, columns, headerLine: initial.headerLine });
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
          <button type="button" className="primary" disabled={kind === null || missing.length > 0} onClick={onOk} data-testid="mapping-ok">
            Import with this mapping
          </button>
        </>
      }
    >
      <p className="mapping-reason">{reason}</p>
      <p className="muted">
        Choose the column that holds each field (<span className="required-mark">*</span> required). The mapping is kept in this workbench and
        used automatically for the next file with the same header.
      </p>
      <div className="mapping-fields">
        {initial.fields.map((field) => {
          const index = columns[field.name];
          const reject = firstParsed?.reject;
          const shared = index === undefined ? [] : (usedBy.get(index) ?? []).filter((f) => f !== field.name);
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
              {index !== undefined && (
                <span className="parsed-value" data-testid={`parsed-${field.name}`}>
                  {firstParsed === undefined
                    ? 'map every required field to see the value read'
                    : reject !== undefined && reject.field === field.name
                      ? `rejected: ${reject.reason}`
                      : `reads as: ${formatParsed(firstParsed.values[field.name])}`}
                  {shared.length > 0 ? ` (same column as ${shared.join(', ')})` : ''}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {previewError !== null && <p className="panel-error">{previewError}</p>}
      <h3>
        First rows (header on line {preview.headerLine})
      </h3>
      <div className="mapping-preview">
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
