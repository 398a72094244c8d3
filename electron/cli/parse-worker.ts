/**
 * The command line's parse worker: a Node worker thread running
 * district-parse.node-worker.ts. The command line runs TypeScript through
 * tsx, whose loader a worker thread does not inherit, so the worker starts
 * by registering it.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseReply, ParseWorkerFactory, ParseWorkerPort } from '../../shared/import/district-parse-worker';

const ENTRY = new URL('./district-parse.node-worker.ts', import.meta.url);

function bootstrap(): string {
  // The package's ESM entry (its CommonJS one cannot register the ESM loader from a worker).
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const esm = pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
  return `import(${JSON.stringify(esm)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY.href)}); });`;
}

export const nodeParseWorker: ParseWorkerFactory = (): ParseWorkerPort => {
  const worker = new Worker(bootstrap(), { eval: true });
  // The worker must not keep the process alive once an import is done with it.
  worker.unref();
  return {
    post: (request, transfer) => worker.postMessage(request, transfer ?? []),
    onReply: (listener) => worker.on('message', (reply: ParseReply) => listener(reply)),
    onFailure: (listener) => {
      worker.on('error', listener);
      worker.on('exit', (code) => {
        if (code !== 0) listener(new Error(`parse worker stopped (exit code ${code})`));
      });
    },
    terminate: () => void worker.terminate(),
  };
};
