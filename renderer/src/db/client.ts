/**
 * The renderer's side of the worker protocol: `send<K>` infers argument and
 * result types from the command map, and rejects with a WorkbenchError built
 * from the error value the worker returned.
 */
import { WorkbenchError } from '../../../shared/errors';
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  WorkerRequest,
  WorkerResponse,
} from '../../../shared/protocol';
import { transferablesOf } from './transfer';

/** A pushed event as a discriminated union, so `event.name` narrows `event.payload`. */
export type WorkerEvent = Extract<WorkerResponse, { type: 'event' }>;

export interface SendOptions {
  /** Events the worker pushes while this request runs (import progress). */
  onEvent?: (event: WorkerEvent) => void;
  /** Aborting sends `cancel` for this request. */
  signal?: AbortSignal;
  /** Receives the request id as soon as it is sent (to cancel it later). */
  onStart?: (requestId: number) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: WorkbenchError) => void;
  onEvent: SendOptions['onEvent'];
}

type EventListener = (event: WorkerEvent, requestId: number) => void;

export interface WorkerClient {
  send<K extends CommandName>(name: K, args: CommandArgs<K>, options?: SendOptions): Promise<CommandResult<K>>;
  /** Asks the worker to stop a running request; it answers with a `cancelled` error. */
  cancel(requestId: number): void;
  /** Every event from every request; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

/** Wraps any Worker-like port; the app uses the real database worker. */
export function createWorkerClient(worker: Pick<Worker, 'postMessage' | 'addEventListener'>): WorkerClient {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Set<EventListener>();

  worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
    const message = event.data;
    if (message.type === 'event') {
      pending.get(message.requestId)?.onEvent?.(message);
      for (const listener of listeners) listener(message, message.requestId);
      return;
    }
    const request = pending.get(message.id);
    if (request === undefined) return;
    pending.delete(message.id);
    if (message.ok) request.resolve(message.result);
    else request.reject(new WorkbenchError(message.error));
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    // A crashed worker fails everything in flight rather than leaving the UI waiting.
    const error = new WorkbenchError({ code: 'internal', message: `The database worker failed: ${event.message}` });
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  });

  const post = (message: WorkerRequest, transfer: Transferable[] = []): void => worker.postMessage(message, transfer);

  return {
    send<K extends CommandName>(name: K, args: CommandArgs<K>, options: SendOptions = {}): Promise<CommandResult<K>> {
      const id = nextId++;
      return new Promise<CommandResult<K>>((resolve, reject) => {
        pending.set(id, {
          // The worker's handler for K produced this value; the map is the contract.
          resolve: (value) => resolve(value as CommandResult<K>),
          reject,
          onEvent: options.onEvent,
        });
        const request = { type: 'request', id, name, args } as Extract<WorkerRequest, { type: 'request' }>;
        post(request, transferablesOf(args));
        options.onStart?.(id);
        if (options.signal) {
          if (options.signal.aborted) post({ type: 'cancel', id });
          // Only while it is unanswered: a superseded pivot that already finished needs no cancel, and the
          // worker would keep its id among the cancelled for the rest of the session.
          else options.signal.addEventListener('abort', () => pending.has(id) && post({ type: 'cancel', id }), { once: true });
        }
      });
    },
    cancel(requestId) {
      if (pending.has(requestId)) post({ type: 'cancel', id: requestId });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let client: WorkerClient | null = null;

/** The app's one database worker, started on first use. */
export function db(): WorkerClient {
  client ??= createWorkerClient(new Worker(new URL('./db.worker.ts', import.meta.url), { type: 'module', name: 'database' }));
  return client;
}
