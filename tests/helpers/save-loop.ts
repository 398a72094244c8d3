/**
 * Child process for the kill test: saves two workbench versions over one
 * file, alternately and forever, until it is killed.
 *   tsx tests/helpers/save-loop.ts <target> <a.bytes> <b.bytes>
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../electron/file-io';

const [target, a, b] = process.argv.slice(2);
if (target === undefined || a === undefined || b === undefined) throw new Error('usage: save-loop <target> <a> <b>');
const versions = [readFileSync(a), readFileSync(b)];
process.stdout.write('ready\n');
for (let i = 0; ; i++) await writeFileAtomic(target, versions[i % 2] ?? versions[0] ?? new Uint8Array());
