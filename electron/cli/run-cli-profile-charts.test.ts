/**
 * `profile add --chart age-profile|iquanta` and `profile export --out
 * file.html` (the print page for PDF) on the small extract fixtures.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const fixture = (name: string): string => resolve(repo, 'tests/fixtures/extracts', name);
let dir: string;
let wb: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-profile-charts-'));
  wb = join(dir, 'charts.workbench');
  const imported = await runCli(['import', wb, fixture('district-clean.csv'), fixture('population-long.csv'), fixture('iquanta-long.csv')]);
  expect(imported.exitCode, imported.stderr).toBe(0);
}, 60_000);

describe('profile add --chart and profile export --out .html', () => {
  it('adds an age profile and an iQuanta comparison and prints them, small counts suppressed', async () => {
    const age = await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'age-profile', '--where', 'district=Mansfield', '--caption', 'Victims by age, Mansfield']);
    expect(age.stderr).toBe('');
    expect(age.exitCode).toBe(0);
    const iq = await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'iquanta', '--area', 'Nottinghamshire', '--measure', 'All crime']);
    expect(iq.exitCode, iq.stderr).toBe(0);
    const html = join(dir, 'p.html');
    const exported = await runCli(['profile', 'export', wb, '--name', 'P', '--out', html]);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<strong>Figure 1:</strong> Victims by age, Mansfield');
    expect(page).toContain('<strong>Figure 2:</strong> All crime: Nottinghamshire against its most similar group');
    expect(page.match(/<img [^>]*src="data:image\/png;base64,/g)).toHaveLength(2);
    // Mansfield has one victim aged 18-24 in the fixture: suppressed, with the note under the figure.
    expect(page).toMatch(/Figure 1:<\/strong> Victims by age, Mansfield<\/figcaption>\n<p class="source-note">[^<]*counts below 5 are suppressed/);
    const open = join(dir, 'open.html');
    expect((await runCli(['profile', 'export', wb, '--name', 'P', '--out', open, '--no-suppression'])).exitCode).toBe(0);
    const openPage = readFileSync(open, 'utf8');
    expect(openPage).not.toContain('counts below 5 are suppressed');
    expect(openPage).toContain('Disclosure control is OFF');

    const docx = join(dir, 'p.docx');
    expect((await runCli(['profile', 'export', wb, '--name', 'P', '--out', docx])).exitCode).toBe(0);
    const { stdout: xml } = await run('unzip', ['-p', docx, 'word/document.xml'], { maxBuffer: 32 * 1024 * 1024 });
    expect(xml).toContain('Victims by age, Mansfield');
    expect(xml).toContain('All crime: Nottinghamshire against its most similar group');
  });

  it('exports the charts headless as SVG and PNG, with --suppress leaving small counts out', async () => {
    const svg = join(dir, 'age.svg');
    const ok = await runCli(['export', wb, '--chart', 'age-profile', '--where', 'district=Mansfield', '--out', svg, '--size', 'half']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    const open = readFileSync(svg, 'utf8');
    expect(open).toContain('Ratio (victim share / population share)');
    expect(open).not.toContain('suppressed');
    const hidden = join(dir, 'age-suppressed.svg');
    expect((await runCli(['export', wb, '--chart', 'age-profile', '--where', 'district=Mansfield', '--out', hidden, '--suppress'])).exitCode).toBe(0);
    expect(readFileSync(hidden, 'utf8')).toContain('counts below 5 are suppressed');
    const png = join(dir, 'iq.png');
    expect((await runCli(['export', wb, '--chart', 'iquanta', '--area', 'Nottinghamshire', '--measure', 'All crime', '--out', png])).exitCode).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect((await runCli(['export', wb, '--chart', 'iquanta', '--area', 'Nottinghamshire', '--measure', 'All crime', '--out', join(dir, 'x.csv')])).exitCode).toBe(2);
  });

  it('refuses a chart it cannot draw, naming what is missing, and leaves the profile unchanged', async () => {
    const before = readFileSync(wb);
    const atlantis = await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'iquanta', '--area', 'Atlantis CSP', '--measure', 'All crime']);
    expect(atlantis.exitCode).toBe(1);
    expect(atlantis.stderr).toContain('Atlantis CSP');
    const noVictims = await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'age-profile', '--where', 'district=Gedling']);
    expect(noVictims.exitCode).toBe(1);
    expect(noVictims.stderr).toContain('No victims in the records chosen');
    // Newark has an all-ages population only; Nottingham's 16-24 band straddles 0-17 and 18-24.
    const allAges = await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'age-profile', '--where', 'district=Newark and Sherwood']);
    expect(allAges.exitCode).toBe(1);
    expect(allAges.stderr).toContain('No population by age loaded for Newark and Sherwood');
    const straddles = await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'age-profile', '--where', 'district=Nottingham City']);
    expect(straddles.exitCode).toBe(1);
    expect(straddles.stderr).toContain('bands 16-24 do not fit the victim age bands');
    expect((await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'age-profile', '--count', 'people'])).exitCode).toBe(2);
    expect((await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'iquanta', '--area', 'Nottinghamshire'])).exitCode).toBe(2);
    expect((await runCli(['profile', 'add', wb, '--name', 'P', '--chart', 'knox'])).exitCode).toBe(2);
    expect(readFileSync(wb).equals(before)).toBe(true);
  });

  it('captions and notes say where and when: the district or area and the months charted', async () => {
    expect((await runCli(['profile', 'add', wb, '--name', 'Where', '--chart', 'age-profile', '--where', 'district=Mansfield'])).exitCode).toBe(0);
    expect((await runCli(['profile', 'add', wb, '--name', 'Where', '--chart', 'iquanta', '--area', 'Nottinghamshire', '--measure', 'All crime'])).exitCode).toBe(0);
    const html = join(dir, 'where.html');
    expect((await runCli(['profile', 'export', wb, '--name', 'Where', '--out', html])).exitCode).toBe(0);
    const page = readFileSync(html, 'utf8');
    // The district fixture's records are all April 2014; Nottinghamshire's iQuanta rows for all crime are Sep and Oct 2014.
    expect(page).toContain('<strong>Figure 1:</strong> Victims by age band against the population, Mansfield, Apr 2014</figcaption>');
    expect(page).toContain('<strong>Figure 2:</strong> All crime: Nottinghamshire against its most similar group, Sep 2014 to Oct 2014</figcaption>');
    const notes = [...page.matchAll(/<p class="source-note">([^<]*)<\/p>/g)].map((m) => m[1] ?? '');
    expect(notes[0]).toMatch(/Period Apr 2014; District: Mansfield\.$/);
    expect(notes[1]).toMatch(/^Source: [^.]*iquanta-long\.csv \(imported \d{1,2} \w{3} \d{4}\)\. Period Sep 2014 to Oct 2014\.$/);
  });

  it('profile add --flags adds a flags summary with its split, filters and months, and refuses a value the workbench lacks', async () => {
    const added = await runCli(['profile', 'add', wb, '--name', 'Flags', '--flags', '--by', 'crime_type', '--where', 'district=Mansfield', '--caption', 'Mansfield flags']);
    expect(added.exitCode, added.stderr).toBe(0);
    const html = join(dir, 'flags.html');
    expect((await runCli(['profile', 'export', wb, '--name', 'Flags', '--out', html])).exitCode).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<strong>Table 1:</strong> Mansfield flags');
    expect(page).toContain('<th>Series</th><th>Records</th><th>Trend</th><th>Seasonality</th><th>Exceptions</th>');
    // The fixture's Mansfield has a handful of records of each type: each "<5", the rest of its row withheld.
    expect(page).toContain('<tr><td>Violence with injury</td><td>&lt;5</td><td>[c]</td><td>[c]</td><td>[c]</td></tr>');
    expect(page).toMatch(/<p class="source-note">[^<]*District: Mansfield\./);
    const before = readFileSync(wb);
    const wrong = await runCli(['profile', 'add', wb, '--name', 'Flags', '--flags', '--where', 'district=Mansfeld']);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain('Mansfeld');
    expect(readFileSync(wb).equals(before)).toBe(true);
  });
});
