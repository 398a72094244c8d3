/**
 * The command line (`npm run --silent cli -- <command> ...`), as contracted
 * in shared/CLI.md. Exit status: 0 success, 1 bad input, 2 wrong usage.
 * Only the result goes to stdout; messages go to stderr.
 */
import { runCli } from './run-cli';

const result = await runCli(process.argv.slice(2));
if (result.stdout !== '') process.stdout.write(result.stdout);
if (result.stderr !== '') process.stderr.write(result.stderr.endsWith('\n') ? result.stderr : `${result.stderr}\n`);
process.exitCode = result.exitCode;
