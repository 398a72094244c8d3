/**
 * The `pivot` command against ../shared/CLI.md: every new dimension and
 * measure, --totals, --where, --from/--to, notes on stderr, text cells.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

let dir: string;
let workbench: string;

/** The CLI's CSV as rows of cells (no quoted commas in these tests). */
const csv = (text: string): string[][] => text.trim().split(/\r\n/).map((line) => line.split(','));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-pivot-'));
  workbench = join(dir, 'p.workbench');
  const lines = ['record_ref,committed_date,crime_type,district,victim_age'];
  // Burglary in Mansfield: 2 on Friday 31 Mar 2023 at 22h, 3 on Saturday 1 Apr 2023 at 09h, 4 on Monday 1 Apr 2024 (no time).
  const planted: [string, string, string, number][] = [
    ['31/03/2023 22:10', 'Burglary', 'Mansfield', 2],
    ['01/04/2023 09:00', 'Burglary', 'Mansfield', 3],
    ['01/04/2024', 'Burglary', 'Mansfield', 4],
    ['01/04/2024', 'Robbery', 'Gedling', 1],
  ];
  let ref = 0;
  for (const [date, type, district, n] of planted) for (let i = 0; i < n; i++) lines.push(`R${ref++},${date},${type},${district},30`);
  const district = join(dir, 'district.csv');
  writeFileSync(district, lines.join('\n'));
  const iquanta = join(dir, 'iquanta.csv');
  writeFileSync(
    iquanta,
    [
      'area,area_type,measure,period,count,rate_per_1000,msg_average,msg_rank,msg_size,msg_lower,msg_upper',
      'Nottinghamshire,Force,All crime,2014-10,5893,5.40,5.12,12,15,4.61,5.63',
      'Mansfield CSP,CSP,All crime,2014-10,800,7.10,7.40,6,15,7.20,7.60',
    ].join('\n'),
  );
  const imported = await runCli(['import', workbench, district, iquanta]);
  expect(imported.stderr).toBe('');
  expect(imported.exitCode).toBe(0);
});

describe('pivot command', () => {
  it('--totals adds a total column and a totals row; without it there are none', async () => {
    const plain = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'fin_year']);
    expect(plain.exitCode).toBe(0);
    expect(csv(plain.stdout)).toEqual([
      ['district', '2022/23', '2023/24', '2024/25'],
      ['Gedling', '0', '0', '1'],
      ['Mansfield', '2', '3', '4'],
    ]);
    const totals = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'fin_year', '--totals']);
    expect(csv(totals.stdout)).toEqual([
      ['district', '2022/23', '2023/24', '2024/25', 'Total'],
      ['Gedling', '0', '0', '1', '1'],
      ['Mansfield', '2', '3', '4', '9'],
      ['Total', '2', '3', '5', '10'],
    ]);
  });

  it('day_of_week and hour, with --where (same dimension: either value; different: both) and --from/--to', async () => {
    const days = await runCli(['pivot', workbench, '--rows', 'day_of_week', '--cols', 'hour', '--where', 'crime_type=Burglary']);
    expect(csv(days.stdout)).toEqual([
      ['day_of_week', '09', '22', 'Not recorded'],
      ['Monday', '0', '0', '4'],
      ['Friday', '0', '2', '0'],
      ['Saturday', '3', '0', '0'],
    ]);
    const where = await runCli([
      'pivot', workbench, '--rows', 'crime_type', '--where', 'district=Mansfield', '--where', 'district=Gedling', '--where', 'day_of_week=Monday', '--from', '2024-01', '--to', '2024-12',
    ]);
    expect(csv(where.stdout)).toEqual([['crime_type', 'value'], ['Burglary', '4'], ['Robbery', '1']]);
  });

  it('financial year to date, change in number and rolling 12 months; blanks where not computable', async () => {
    const fytd = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'fin_year', '--measure', 'fytd', '--where', 'district=Mansfield']);
    // The data ends in April 2024: every year is April only; 2022/23's April is before the data.
    expect(csv(fytd.stdout)).toEqual([['district', '2022/23', '2023/24', '2024/25'], ['Mansfield', '', '3', '4']]);
    const diff = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'fin_year', '--measure', 'diff_prev', '--where', 'district=Mansfield', '--format', 'json']);
    const parsed = JSON.parse(diff.stdout) as { data: { cells: Record<string, number | null> }[]; measure: string; notes: string[] };
    expect(parsed.measure).toBe('diff_prev');
    // 2023/24's base year starts before the data (March 2023): blank. 2024/25 is April only, so it is compared with April 2023 (3): +1.
    expect(parsed.data[0]?.cells).toEqual({ '2022/23': null, '2023/24': null, '2024/25': 1 });
    // March 2024: April 2023 to March 2024 (3); April 2024: May 2023 to April 2024 (4).
    const rolling = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'month', '--measure', 'rolling_12', '--from', '2024-03']);
    expect(csv(rolling.stdout)).toEqual([['district', '2024-03', '2024-04'], ['Gedling', '0', '1'], ['Mansfield', '3', '4']]);
  });

  it('rates without population print empty cells and say why on stderr, exit 0', async () => {
    const result = await runCli(['pivot', workbench, '--rows', 'age_band', '--measure', 'rate']);
    expect(result.exitCode).toBe(0);
    expect(csv(result.stdout)).toEqual([['age_band', 'value'], ['25-34', '']]);
    expect(result.stderr).toMatch(/^Note: No population loaded/);
  });

  it('iQuanta measures print their text (rank "n of N", position) and refuse record dimensions', async () => {
    const rank = await runCli(['pivot', workbench, '--rows', 'iq_area', '--cols', 'month', '--measure', 'iq_rank', '--totals']);
    expect(csv(rank.stdout)).toEqual([
      ['iq_area', '2014-10', 'Total'],
      ['Mansfield CSP', '6 of 15', ''],
      ['Nottinghamshire', '12 of 15', ''],
      ['Total', '', ''],
    ]);
    const position = await runCli(['pivot', workbench, '--rows', 'iq_area', '--measure', 'iq_msg_position', '--format', 'json']);
    const parsed = JSON.parse(position.stdout) as { data: { iq_area: string; cells: Record<string, number>; text: Record<string, string> }[] };
    expect(parsed.data.map((d) => [d.iq_area, d.cells.value, d.text.value])).toEqual([
      ['Mansfield CSP', -1, 'Below'],
      ['Nottinghamshire', 0, 'Within'],
    ]);
    const wrong = await runCli(['pivot', workbench, '--rows', 'district', '--measure', 'iq_value']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/iq_area, iq_measure and periods only/);
    const needsMonth = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'year', '--measure', 'rolling_12']);
    expect(needsMonth.exitCode).toBe(2);
    expect(needsMonth.stderr).toMatch(/needs month as the last column/);
  });

  it('the usage lists every dimension and measure', async () => {
    const help = await runCli(['--help']);
    for (const name of ['day_of_week', 'hour', 'iq_area', 'iq_measure', 'diff_prev', 'diff_year', 'fytd', 'fytd_change', 'rolling_12', 'rolling_12_change', 'iq_value', 'iq_msg_average', 'iq_msg_position', 'iq_rank']) {
      expect(help.stdout).toContain(name);
    }
    expect(help.stdout).toContain('--totals');
  });
});
