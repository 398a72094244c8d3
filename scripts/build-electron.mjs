// Bundles the Electron main process and preload into dist-electron/*.cjs.
// The preload runs sandboxed, where `require` only knows 'electron' and a few
// builtins, so it must be one self-contained file; the check at the end fails
// the build if anything else slipped in.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-electron');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
  // Keep names readable in crash stacks; the main process is small.
  minify: false,
  logLevel: 'info',
  absWorkingDir: root,
};

await rm(outdir, { recursive: true, force: true });

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: path.join(outdir, 'main.cjs') }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: path.join(outdir, 'preload.cjs') }),
]);

const preload = await readFile(path.join(outdir, 'preload.cjs'), 'utf8');
const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
const forbidden = required.filter((name) => name !== 'electron');
if (forbidden.length > 0) {
  console.error(`preload.cjs requires ${forbidden.join(', ')}; a sandboxed preload may only require 'electron'.`);
  process.exit(1);
}
