/**
 * Before a chart leaves the app: the analyst may edit its title, subtitle
 * and source note, pick a size preset, then export PNG or SVG or copy it.
 */
import { useState } from 'react';
import { type ChartText, SIZE_PRESETS, SIZE_PRESET_NAMES, type SizePreset, isSizePreset } from '../../../shared/charts/theme';
import { type OptionAtWidth, copyThemedPng, exportThemedPng, exportThemedSvg } from '../charts/export-chart';
import { useDialogStore } from '../state/dialog-store';

interface Props {
  text: ChartText;
  onTextChange: (text: ChartText) => void;
  /** null while there is nothing to export. */
  option: OptionAtWidth | null;
  baseName: string;
  testId: string;
}

export function ChartExportControls({ text, onTextChange, option, baseName, testId }: Props) {
  const [preset, setPreset] = useState<SizePreset>('a4');
  const [isEditing, setEditing] = useState(false);
  const disabled = option === null;
  const copy = (): void => {
    if (option === null) return;
    void copyThemedPng(option, preset).then((message) => useDialogStore.getState().setNotice(message));
  };
  return (
    <>
      <div className="chart-export">
        <button type="button" className="small" aria-expanded={isEditing} disabled={disabled} onClick={() => setEditing(!isEditing)} data-testid={`${testId}-edit-text`}>
          Edit text
        </button>
        <label className="chart-size">
          <span className="visually-hidden">PNG size</span>
          <select aria-label="PNG size" value={preset} onChange={(e) => isSizePreset(e.target.value) && setPreset(e.target.value)} data-testid={`${testId}-size`}>
            {SIZE_PRESET_NAMES.map((name) => (
              <option key={name} value={name}>
                {SIZE_PRESETS[name].label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid={`${testId}-png`} disabled={disabled} onClick={() => option && void exportThemedPng(option, preset, baseName)}>
          Export PNG
        </button>
        <button type="button" data-testid={`${testId}-svg`} disabled={disabled} onClick={() => option && void exportThemedSvg(option, preset, baseName)}>
          Export SVG
        </button>
        <button type="button" data-testid={`${testId}-copy`} disabled={disabled} onClick={copy}>
          Copy
        </button>
      </div>
      {isEditing && !disabled && (
        <div className="chart-text-editor" data-testid={`${testId}-text-editor`}>
          <label>
            Title
            <input value={text.title} onChange={(e) => onTextChange({ ...text, title: e.target.value })} />
          </label>
          <label>
            Subtitle
            <input value={text.subtitle} onChange={(e) => onTextChange({ ...text, subtitle: e.target.value })} />
          </label>
          <label>
            Source note
            <input value={text.sourceNote} onChange={(e) => onTextChange({ ...text, sourceNote: e.target.value })} />
          </label>
        </div>
      )}
    </>
  );
}
