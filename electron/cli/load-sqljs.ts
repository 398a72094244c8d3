/** sql.js for Node (the command line and tests): the wasm comes from node_modules. */
import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loaded: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(): Promise<SqlJsStatic> {
  if (loaded === null) {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
    loaded = initSqlJs({ locateFile: () => wasmPath });
  }
  return loaded;
}
