/** One entry point for every menu command, from the toolbar, the native menu or a shortcut. */
import type { MenuCommand } from '../../../shared/platform-bridge';
import { exportPivot, exportPivotCsv } from './export-actions';
import { importFiles } from './import-actions';
import { closeWindow, newWorkbench, openWorkbench, saveWorkbench } from './workbench-actions';

export function runMenuCommand(command: MenuCommand): Promise<unknown> {
  switch (command) {
    case 'new':
      return newWorkbench();
    case 'open':
      return openWorkbench();
    case 'save':
      return saveWorkbench({ saveAs: false });
    case 'save-as':
      return saveWorkbench({ saveAs: true });
    case 'import':
      return importFiles();
    case 'export-csv':
      return exportPivotCsv();
    case 'export-xlsx':
      return exportPivot('xlsx');
    case 'close-requested':
      return closeWindow();
  }
}
