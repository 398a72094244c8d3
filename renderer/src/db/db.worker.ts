/// <reference lib="webworker" />
/**
 * The database worker: sql.js and the WorkbenchService live here so the UI
 * never blocks on a query or an import. Requests run one at a time in arrival
 * order; `cancel` is handled as soon as it arrives so an import can see it
 * between chunks.
 */
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import { toErrorInfo } from '../../../shared/errors';
import type { WorkerEvents, WorkerRequest, WorkerResponse } from '../../../shared/protocol';
import { type HandlerContext, WorkbenchService } from '../../../shared/service';
import { browserParseWorker } from './parse-worker';
import { transferablesOf } from './transfer';

type Request = Extract<WorkerRequest, { type: 'request' }>;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const servicePromise = initSqlJs({ locateFile: () => wasmUrl }).then((SQL) => new WorkbenchService(SQL, { parseWorker: browserParseWorker }));

const queue: Request[] = [];
const cancelled = new Set<number>();
let isRunning = false;

function post(message: WorkerResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function run(request: Request): Promise<void> {
  const context: HandlerContext = {
    isCancelled: () => cancelled.has(request.id),
    emit: <E extends keyof WorkerEvents>(name: E, payload: WorkerEvents[E]) => {
      // TypeScript cannot tie a generic name to its member of the event union; the signature above does.
      post({ type: 'event', requestId: request.id, name, payload } as Extract<WorkerResponse, { type: 'event' }>);
    },
  };
  try {
    const service = await servicePromise;
    // Through dispatch, not the handlers, so the service can drop cached pivots when data changes.
    const result: unknown = await service.dispatch(request.name, request.args, context);
    post({ type: 'response', id: request.id, ok: true, result }, transferablesOf(result));
  } catch (error) {
    post({ type: 'response', id: request.id, ok: false, error: toErrorInfo(error) });
  } finally {
    cancelled.delete(request.id);
  }
}

async function drain(): Promise<void> {
  if (isRunning) return;
  isRunning = true;
  try {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await run(next);
  } finally {
    isRunning = false;
  }
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    // A request still waiting in the queue is answered at once; a running one notices between chunks.
    const waiting = queue.findIndex((r) => r.id === message.id);
    if (waiting >= 0) {
      queue.splice(waiting, 1);
      post({ type: 'response', id: message.id, ok: false, error: { code: 'cancelled', message: 'Cancelled before it started.' } });
    } else cancelled.add(message.id);
    return;
  }
  queue.push(message);
  void drain();
};
