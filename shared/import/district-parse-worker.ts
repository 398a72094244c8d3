/**
 * Reading district rows on a second thread. On a two-core laptop the
 * database thread spends about half of a large import parsing, validating,
 * hashing and pseudonymising rows; a parse worker does that for the next
 * chunks while the database thread writes the last one. The worker sees
 * only the chunks' text and the parser's setup (the pseudonym key among it:
 * it stays in this process, in memory, like the database itself).
 *
 * The platform supplies the worker (a Web Worker in the app, a worker
 * thread in the command line): `ParseWorkerFactory`. Both run
 * `serveDistrictParsing`.
 */
import { type DistrictBatch, DistrictChunkParser, batchTransfer } from './district-batch';
import type { DistrictParseSetup } from './district-parse';
import { type CsvChunk, csvChunkRows } from './text';

export type ParseRequest =
  | { type: 'setup'; setup: DistrictParseSetup }
  | { type: 'chunk'; id: number; chunk: CsvChunk; firstIndex: number; sumRowIndex: number };

export type ParseReply = { type: 'batch'; id: number; batch: DistrictBatch } | { type: 'error'; id: number; message: string };

/** The importer's side of a parse worker. */
export interface ParseWorkerPort {
  post(request: ParseRequest, transfer?: ArrayBuffer[]): void;
  /** Replies, in the order the chunks were posted. */
  onReply(listener: (reply: ParseReply) => void): void;
  /** The worker could not start or stopped. */
  onFailure(listener: (error: Error) => void): void;
  terminate(): void;
}

export type ParseWorkerFactory = () => ParseWorkerPort;

/** The worker's side: answers each chunk with its batch. */
export function serveDistrictParsing(send: (reply: ParseReply, transfer: ArrayBuffer[]) => void): (request: ParseRequest) => void {
  let parser: DistrictChunkParser | null = null;
  return (request) => {
    if (request.type === 'setup') {
      parser = new DistrictChunkParser(request.setup);
      return;
    }
    try {
      if (parser === null) throw new Error('chunk before setup');
      const batch = parser.parseChunk({ rows: csvChunkRows(request.chunk), firstIndex: request.firstIndex, sumRowIndex: request.sumRowIndex });
      send({ type: 'batch', id: request.id, batch }, batchTransfer(batch));
    } catch (error) {
      send({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) }, []);
    }
  };
}
