/**
 * Writes the synthetic extracts to a folder:
 *
 *   npm run generate -- --seed 1 --records 1000000 --out /tmp/gen1m
 *
 * All the content comes from shared/generator (pure, seeded); this script
 * only streams it to files, so a million records never sit in memory as one
 * string. See shared/generator/README.md for what is written and planted.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DISTRICTS,
  IQUANTA_COLUMNS,
  IquantaCounter,
  POPULATION_COLUMNS,
  RESPECT_COLUMNS,
  type GeneratedDistrictRecord,
  defaultRecordCount,
  districtCsvChunks,
  generateDistrictRecords,
  generatorReadme,
  iquantaRows,
  iquantaWide,
  malformedFiles,
  objectsToCsv,
  onsMyePersonsCsv,
  populationRows,
  respectRows,
  toCsv,
  withThousands,
} from '../shared/generator/index';
import { xlsxBytes } from '../shared/generator/xlsx';

interface Args {
  seed: number;
  records: number;
  out: string;
  /** The planted near-repeat burglary probability; undefined = the generator's default. */
  nearRepeatProbability: number | undefined;
}

const USAGE = 'usage: npm run generate -- --out <dir> [--seed <integer>] [--records <total district rows>] [--near-repeat-probability <0 to under 1>]';

function parseArgs(argv: readonly string[]): Args {
  let seed = 1;
  let records: number | undefined;
  let out: string | undefined;
  let nearRepeatProbability: number | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (value === undefined) throw new Error(`${flag ?? ''} needs a value\n${USAGE}`);
    if (flag === '--seed') seed = Number(value);
    else if (flag === '--records') records = Number(value.replace(/[_,]/g, ''));
    else if (flag === '--out') out = value;
    else if (flag === '--near-repeat-probability') nearRepeatProbability = Number(value);
    else throw new Error(`unknown option ${flag ?? ''}\n${USAGE}`);
    i += 1;
  }
  if (out === undefined) throw new Error(`--out is required\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const total = records ?? defaultRecordCount();
  if (!Number.isInteger(total) || total < 0) throw new Error('--records must be a whole number ≥ 0');
  if (nearRepeatProbability !== undefined && !(nearRepeatProbability >= 0 && nearRepeatProbability < 1)) {
    throw new Error(`--near-repeat-probability must be a number from 0 to under 1; got ${nearRepeatProbability}`);
  }
  return { seed, records: total, out, nearRepeatProbability };
}

/** Write string chunks, waiting for the stream to drain so memory stays flat. */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const failed = once(stream, 'error').then(([err]) => {
    throw err;
  });
  try {
    for (const chunk of chunks) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
    }
  } finally {
    stream.end();
  }
  await Promise.race([once(stream, 'finish'), failed]);
}

function* counted(records: Iterable<GeneratedDistrictRecord>, counter: IquantaCounter, tally: { rows: number }): Generator<GeneratedDistrictRecord> {
  for (const r of records) {
    counter.add(r);
    tally.rows += 1;
    yield r;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  await mkdir(join(args.out, 'malformed'), { recursive: true });
  const written: string[] = [];
  const counter = new IquantaCounter();
  const perDistrict: Array<[string, number]> = [];

  for (const district of DISTRICTS) {
    const file = join(args.out, `district-${district.slug}.csv`);
    const tally = { rows: 0 };
    const records = generateDistrictRecords({
      seed: args.seed,
      records: args.records,
      districts: [district.name],
      ...(args.nearRepeatProbability === undefined ? {} : { nearRepeatProbability: args.nearRepeatProbability }),
    });
    await writeChunks(file, districtCsvChunks(counted(records, counter, tally), { lineEnding: '\r\n' }));
    perDistrict.push([district.name, tally.rows]);
    written.push(file);
  }
  const districtSeconds = (performance.now() - started) / 1000;

  const iquanta = iquantaRows({ seed: args.seed, counts: counter });
  const wide = iquantaWide(iquanta);
  const lf = { lineEnding: '\n' } as const;
  const textFiles: Array<[string, string]> = [
    ['iquanta-long.csv', objectsToCsv(IQUANTA_COLUMNS, iquanta, lf)],
    ['iquanta-wide.csv', toCsv(wide.header, wide.rows, lf)],
    ['respect-survey.csv', objectsToCsv(RESPECT_COLUMNS, respectRows({ seed: args.seed }), lf)],
    ['population-long.csv', objectsToCsv(POPULATION_COLUMNS, populationRows(), lf)],
    ['ons-mye-persons-2020.csv', onsMyePersonsCsv(2020)],
  ];
  for (const [name, text] of textFiles) {
    await writeFile(join(args.out, name), text, 'utf8');
    written.push(join(args.out, name));
  }

  const malformed = malformedFiles(args.seed);
  for (const file of malformed.files) {
    await writeFile(join(args.out, 'malformed', file.name), file.bytes);
    written.push(join(args.out, 'malformed', file.name));
  }
  await writeFile(join(args.out, 'malformed', malformed.xlsx.name), await xlsxBytes(malformed.xlsx));
  written.push(join(args.out, 'malformed', malformed.xlsx.name));
  await writeFile(join(args.out, 'malformed', 'EXPECTED.json'), `${JSON.stringify(malformed.expected, null, 2)}\n`, 'utf8');
  written.push(join(args.out, 'malformed', 'EXPECTED.json'));

  // The README is the documented text plus this run's parameters (no timings, so reruns stay identical).
  const runSection = [
    '',
    '## This run',
    '',
    `- seed: ${args.seed}`,
    `- records: ${withThousands(args.records)}`,
    ...(args.nearRepeatProbability === undefined ? [] : [`- near-repeat probability: ${args.nearRepeatProbability}`]),
    '',
    '| district | rows |',
    '|---|---|',
    ...perDistrict.map(([name, rows]) => `| ${name} | ${withThousands(rows)} |`),
    '',
  ].join('\n');
  await writeFile(join(args.out, 'README.md'), generatorReadme() + runSection, 'utf8');
  written.push(join(args.out, 'README.md'));

  const seconds = (performance.now() - started) / 1000;
  let totalBytes = 0;
  for (const file of written) {
    const { size } = await stat(file);
    totalBytes += size;
    console.log(`${String(size).padStart(12)}  ${file}`);
  }
  console.log(
    `${withThousands(args.records)} district records (seed ${args.seed}) in ${districtSeconds.toFixed(1)} s; ` +
      `all ${written.length} files, ${(totalBytes / 1e6).toFixed(1)} MB, in ${seconds.toFixed(1)} s`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
