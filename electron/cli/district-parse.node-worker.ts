/** A worker thread that reads district rows for the command line's imports (shared/import/district-parse-worker.ts). */
import { parentPort } from 'node:worker_threads';
import { type ParseRequest, serveDistrictParsing } from '../../shared/import/district-parse-worker';

const port = parentPort;
if (port !== null) {
  const handle = serveDistrictParsing((reply, transfer) => port.postMessage(reply, transfer));
  port.on('message', (request: ParseRequest) => handle(request));
}
