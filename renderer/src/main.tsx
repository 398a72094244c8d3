import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { refreshInfo } from './actions/command';
import { openDemoOnFirstLaunch } from './actions/demo-actions';
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
// The demo waits for the first info so it can tell whether anything was opened meanwhile.
void refreshInfo().then(() => openDemoOnFirstLaunch());

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
