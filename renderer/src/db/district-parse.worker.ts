/// <reference lib="webworker" />
/**
 * Reads large district extracts' rows for the database worker, which starts
 * it (a worker of its own) for each such import: see
 * shared/import/district-parse-worker.ts. It sees only the rows' text and
 * the parser's setup, and posts back batches.
 */
import { type ParseRequest, serveDistrictParsing } from '../../../shared/import/district-parse-worker';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = serveDistrictParsing((reply, transfer) => scope.postMessage(reply, transfer));
scope.onmessage = (event: MessageEvent<ParseRequest>) => handle(event.data);
