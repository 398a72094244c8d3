/** Every CSV the analyst saves goes through here, so each gets the BOM Excel needs to read it as UTF-8. */
import { withUtf8Bom } from '../../../shared/export/csv';
import { platform } from '../platform';

export function saveCsv(csv: string, suggestedName: string): Promise<boolean> {
  return platform.saveExport(withUtf8Bom(csv), { suggestedName, mimeType: 'text/csv' });
}
