/// <reference lib="webworker" />
/**
 * The database worker's parse worker for large district imports
 * (shared/import/district-parse-worker.ts): a module Web Worker from the
 * app's own files, started per import and stopped when it ends.
 */
import type { ParseReply, ParseWorkerFactory } from '../../../shared/import/district-parse-worker';

export const browserParseWorker: ParseWorkerFactory = () => {
  const worker = new Worker(new URL('./district-parse.worker.ts', import.meta.url), { type: 'module', name: 'district rows' });
  return {
    post: (request, transfer) => worker.postMessage(request, transfer ?? []),
    onReply: (listener) => worker.addEventListener('message', (event: MessageEvent<ParseReply>) => listener(event.data)),
    onFailure: (listener) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        listener(new Error(event.message === '' ? 'the district parse worker did not start' : event.message));
      });
      worker.addEventListener('messageerror', () => listener(new Error('a district parse worker message could not be read')));
    },
    terminate: () => worker.terminate(),
  };
};
