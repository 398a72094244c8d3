/**
 * The planted effects must be measurable with simple computations. 100,000
 * records (about a sixth of the default) keeps this quick while leaving the
 * Mansfield trend several standard errors clear of noise.
 */
import { describe, expect, it } from 'vitest';
import { type GeneratedDistrictRecord, generateDistrictRecords } from './district-records';
import {
  asbYearlyGrowth,
  domesticRepeatShare,
  nearRepeatShare,
  summerWinterRatio,
  surveyShare,
  victimAgeShare,
} from './effects';
import { DISTRICTS } from './geography';
import { PLANTED, expectedSummerWinterRatio } from './planted';
import { populationShare } from './population';
import { respectRows } from './respect-survey';

const rows: GeneratedDistrictRecord[] = [...generateDistrictRecords({ seed: 11, records: 100_000 })];

describe('planted effects', () => {
  it('1. violence and ASB peak in summer, burglary dwelling in winter, other crime is flat', () => {
    const violence = summerWinterRatio(rows, ['Violence with injury', 'Violence without injury']);
    expect(violence).toBeCloseTo(expectedSummerWinterRatio('Violence with injury'), 1);
    expect(summerWinterRatio(rows, ['Anti-social behaviour'])).toBeCloseTo(expectedSummerWinterRatio('Anti-social behaviour'), 1);
    // About 1,600 burglaries fall in those six months here, clustered by near repeats: the ratio's
    // standard error is about 0.07, so allow two of them.
    const burglaryWinterSummer = 1 / summerWinterRatio(rows, [PLANTED.nearRepeat.crimeType]);
    expect(Math.abs(burglaryWinterSummer - 1 / expectedSummerWinterRatio('Burglary Dwelling'))).toBeLessThan(0.15);
    expect(burglaryWinterSummer).toBeGreaterThan(1.2);
    expect(summerWinterRatio(rows, ['Shoplifting'])).toBeGreaterThan(0.93);
    expect(summerWinterRatio(rows, ['Shoplifting'])).toBeLessThan(1.07);
    // The peak month itself is the busiest for violence.
    const byMonth = new Array<number>(13).fill(0);
    for (const r of rows) {
      const month = Number(r.committed_date.slice(3, 5));
      if (r.crime_type.startsWith('Violence')) byMonth[month] = (byMonth[month] ?? 0) + 1;
    }
    const busiest = byMonth.indexOf(Math.max(...byMonth));
    expect(Math.abs(busiest - PLANTED.seasonality.summer.peakMonth)).toBeLessThanOrEqual(1);
  });

  it('2. about 40% of domestic abuse victims are victimised again within 365 days', () => {
    const { victims, share } = domesticRepeatShare(rows);
    expect(victims).toBeGreaterThan(3000);
    expect(Math.abs(share - PLANTED.domesticRepeat.repeatVictimShare)).toBeLessThan(0.05);
  });

  it('3. near-repeat burglary: ~18% followed within 200 m and 7 days, against almost no chance coincidence', () => {
    const near = nearRepeatShare(rows);
    const chance = nearRepeatShare(rows, { startDays: 28 });
    expect(near.burglaries).toBeGreaterThan(2500);
    expect(Math.abs(near.share - chance.share - PLANTED.nearRepeat.followProbability)).toBeLessThan(0.03);
    expect(chance.share).toBeLessThan(0.02);
  });

  it('4. 18-24 year olds are 22% of victims, about twice their population share', () => {
    const share = victimAgeShare(rows);
    expect(Math.abs(share - PLANTED.victimAge.victimShare)).toBeLessThan(0.01);
    const population = populationShare(PLANTED.victimAge.minAge, PLANTED.victimAge.maxAge);
    expect(population).toBeGreaterThan(0.09);
    expect(population).toBeLessThan(0.13);
    expect(share / population).toBeGreaterThan(1.6);
  });

  it('5. Mansfield ASB grows about 8% a year; no other district trends', () => {
    const mansfield = asbYearlyGrowth(rows, PLANTED.asbTrend.district);
    expect(Math.abs(mansfield.growth - PLANTED.asbTrend.annualGrowth)).toBeLessThan(0.035);
    expect(Math.abs(asbYearlyGrowth(rows, PLANTED.asbTrend.district, { others: true }).growth)).toBeLessThan(0.02);
    for (const d of DISTRICTS) {
      if (d.name === PLANTED.asbTrend.district) continue;
      expect(Math.abs(asbYearlyGrowth(rows, d.name).growth), d.name).toBeLessThan(0.045);
    }
  });

  it('6. the Respect Survey ward reports drug dealing as a big problem far more often', () => {
    const survey = respectRows({ seed: 11 });
    const { ward, question, bigProblemAnswers, bigProblemShare, elsewhereBigProblemShare } = PLANTED.respectSurvey;
    expect(Math.abs(surveyShare(survey, question, bigProblemAnswers, ward) - bigProblemShare)).toBeLessThan(0.05);
    expect(Math.abs(surveyShare(survey, question, bigProblemAnswers, ward, { others: true }) - elsewhereBigProblemShare)).toBeLessThan(0.015);
    // No planted difference elsewhere: another ward sits near the city-wide level.
    expect(Math.abs(surveyShare(survey, question, bigProblemAnswers, 'Bulwell') - elsewhereBigProblemShare)).toBeLessThan(0.07);
  });
});
