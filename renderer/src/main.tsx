import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { refreshInfo } from './actions/command';
import { App } from './components/App';
import { startDataSync } from './state/data-sync';
import { startPivotRunner } from './state/pivot-runner';
import { startTitleSync } from './state/title-sync';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');

startTitleSync();
startPivotRunner();
startDataSync();
void refreshInfo();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
