import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { refreshInfo } from './actions/command';
import { openDemoOnFirstLaunch } from './actions/demo-actions';
import { offerRecoveryCopy, startRecoveryCopies } from './actions/recovery-actions';
import { installChartFonts } from './charts/fonts';
import { App } from './components/App';
import { startDataSync } from './state/data-sync';
import { startPivotRunner } from './state/pivot-runner';
import { startTitleSync } from './state/title-sync';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');

installChartFonts();
startTitleSync();
startPivotRunner();
startDataSync();
startRecoveryCopies();
// Work a crash left unsaved is offered back first; the demo waits for the first info so it can tell whether
// anything was opened meanwhile, and opens only when no copy was offered.
void refreshInfo()
  .then(() => offerRecoveryCopy())
  .then((offered) => (offered ? undefined : openDemoOnFirstLaunch()));

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
