/**
 * Before importing a workbook with several sheets of data: which sheet(s)
 * to import, each with its name and rows. The sheets the analyst can see in
 * Excel come first and the first of them is ticked; hidden sheets follow,
 * marked "(hidden)" and never ticked; every ticked
 * sheet becomes an import of its own, named "file [sheet]". Cancel imports
 * nothing.
 */
import { useState } from 'react';
import { type SheetQuestion, useSheetStore } from '../state/sheet-store';
import { sheetEntryName, sheetsTickedFirst, sheetsVisibleFirst } from '../actions/sheet-choice';
import { Modal } from './Modal';

function rowsText(rows: number): string {
  return `${rows.toLocaleString('en-GB')} ${rows === 1 ? 'row' : 'rows'}`;
}

function SheetForm({ question }: { question: SheetQuestion }) {
  const { fileName, sheets, answer } = question;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(sheetsTickedFirst(sheets)));
  const toggle = (name: string, isOn: boolean): void => {
    const next = new Set(chosen);
    if (isOn) next.add(name);
    else next.delete(name);
    setChosen(next);
  };
  const picked = sheets.filter((s) => chosen.has(s.name));
  const hidden = sheets.filter((s) => s.isHidden).length;
  const shown = sheets.length - hidden;
  return (
    <Modal
      title="Choose the sheets to import"
      onCancel={() => answer(null)}
      testId="sheet-choice"
      actions={
        <>
          <button type="button" className="primary" disabled={picked.length === 0} onClick={() => answer(picked.map((s) => s.name))} data-testid="sheet-choice-ok">
            {picked.length > 1 ? `Import ${picked.length} sheets` : 'Import'}
          </button>
          <button type="button" onClick={() => answer(null)} data-testid="sheet-choice-cancel">
            Cancel
          </button>
        </>
      }
    >
      <p>
        <strong>{fileName}</strong> has {shown === 0 ? 'no visible sheet' : shown === 1 ? '1 sheet' : `${shown} sheets`} with data
        {hidden > 0 ? ` (and ${hidden} hidden in Excel, marked below)` : ''}. Tick the ones to import.
      </p>
      <fieldset className="sheet-choice" data-testid="sheet-choice-list">
        <legend className="muted">Sheet (rows below its first row)</legend>
        {sheetsVisibleFirst(sheets).map((s) => (
          <label key={s.name} className="check sheet-choice-option">
            <input type="checkbox" checked={chosen.has(s.name)} onChange={(e) => toggle(s.name, e.target.checked)} data-testid={`sheet-option-${s.position}`} />{' '}
            <span data-testid="sheet-option-name">{s.name}</span> <span className="muted" data-testid="sheet-option-rows">{rowsText(s.rows)}</span>
            {s.isHidden ? (
              <>
                {' '}
                <span className="muted" data-testid="sheet-option-hidden">(hidden)</span>
              </>
            ) : null}
          </label>
        ))}
      </fieldset>
      <p className="muted" data-testid="sheet-choice-note">
        {picked.length > 1
          ? `Each sheet is a separate import: ${picked.map((s) => sheetEntryName(fileName, s.name)).join(', ')}.`
          : picked.length === 1
            ? `Imported as ${sheetEntryName(fileName, picked[0]?.name ?? '')}.`
            : 'Tick at least one sheet.'}
      </p>
    </Modal>
  );
}

export function SheetChoiceDialog() {
  const question = useSheetStore((s) => s.question);
  // A fresh form (and first sheet ticked) for each question.
  return question === null ? null : <SheetForm key={question.fileName} question={question} />;
}
