/**
 * The effects deliberately planted in the synthetic data, in one place, so
 * that tests of the analysis modules can read the truth from here instead of
 * hard-coding numbers that would drift when the generator is tuned.
 */

export const PLANTED = {
  /** Five financial years, April 2019 to March 2024. */
  window: { firstFinancialYear: 2019, years: 5, firstMonth: '2019-04', lastMonth: '2024-03' },

  /**
   * Multiplicative seasonality: expected monthly count × (1 + amplitude × cos(2π (month − peakMonth) / 12)),
   * month 1 = January. Every other crime type has no seasonality.
   */
  seasonality: {
    summer: {
      crimeTypes: ['Violence with injury', 'Violence without injury', 'Anti-social behaviour'],
      amplitude: 0.22,
      peakMonth: 7,
    },
    winter: { crimeTypes: ['Burglary Dwelling'], amplitude: 0.2, peakMonth: 12 },
  },

  /**
   * Repeat domestic abuse victimisation. Each new domestic abuse victim is,
   * with probability repeatVictimShare, a repeat victim: their next domestic
   * record (same victim_ref, same place) follows within withinDays (uniform
   * over the days left, always in a later month). After each repeat, another
   * follows with probability furtherRepeatProbability (gap again ≤ 365 days).
   * Measured: share of distinct victim_refs among domestic = Y records that
   * have two records no more than 365 days apart.
   */
  domesticRepeat: {
    repeatVictimShare: 0.4,
    withinDays: 365,
    furtherRepeatProbability: 0.35,
    femaleShare: 0.78,
    /** Crime types a repeat incident is recorded as, with weights. */
    repeatCrimeTypes: [
      ['Violence without injury', 0.5],
      ['Violence with injury', 0.33],
      ['Criminal damage', 0.12],
      ['Sexual offences', 0.05],
    ] as ReadonlyArray<readonly [string, number]>,
  },

  /**
   * Near-repeat burglary. Every Burglary Dwelling (original or follower) is,
   * with probability followProbability, followed by another Burglary
   * Dwelling 30-180 m away (so within distanceM even after rounding) and
   * 1 hour to 7 days less 1 hour later (so within withinDays). Measured
   * share of burglaries with a follower = followProbability + chance
   * coincidences (chance is near 0 at small --records and a few per cent in
   * the City at 1M records: compare with the same count for a window shifted
   * weeks later).
   */
  nearRepeat: {
    crimeType: 'Burglary Dwelling',
    followProbability: 0.18,
    distanceM: 200,
    minOffsetM: 30,
    maxOffsetM: 180,
    withinDays: 7,
  },

  /**
   * Victims aged 18-24 make up victimShare of all victims in every district
   * (record level, victim_age present); their population share is about
   * 7% in the county districts and 20% in the City (about 11% force-wide),
   * see populationShare18to24.
   */
  victimAge: { band: '18-24', minAge: 18, maxAge: 24, victimShare: 0.22 },

  /**
   * ASB incidents in one district grow by annualGrowth a year (compounded
   * monthly from April 2019); in every other district the expected level is flat.
   */
  asbTrend: { district: 'Mansfield', annualGrowth: 0.08, otherDistrictsAnnualGrowth: 0 },

  /**
   * Respect Survey: the share answering "Very big problem" or "Fairly big
   * problem" to q_drug_dealing_problem (of all respondents, Don't know
   * included in the base) is bigProblemShare in the ward and
   * elsewhereBigProblemShare in every other ward, in every wave. Weights
   * are independent of the answers, so weighted and unweighted agree.
   */
  respectSurvey: {
    question: 'q_drug_dealing_problem',
    ward: 'Hyson Green & Arboretum',
    bigProblemShare: 0.45,
    elsewhereBigProblemShare: 0.25,
    bigProblemAnswers: ['Very big problem', 'Fairly big problem'] as readonly string[],
    respondentsPerWave: 2000,
    waves: [2019, 2020, 2021, 2022, 2023] as readonly number[],
  },
} as const;

export type SeasonalEffect = (typeof PLANTED.seasonality)['summer' | 'winter'];

/** The planted seasonal multiplier of a crime type in a calendar month (1 = January); 1 when not seasonal. */
export function seasonalFactor(crimeType: string, calendarMonth: number): number {
  for (const effect of [PLANTED.seasonality.summer, PLANTED.seasonality.winter] as const) {
    if ((effect.crimeTypes as readonly string[]).includes(crimeType)) {
      return 1 + effect.amplitude * Math.cos((2 * Math.PI * (calendarMonth - effect.peakMonth)) / 12);
    }
  }
  return 1;
}

/** The planted ASB trend multiplier for a district, months after April of the first year (mid-month). */
export function asbTrendFactor(district: string, monthIndex: number): number {
  if (district !== PLANTED.asbTrend.district) return 1;
  return Math.pow(1 + PLANTED.asbTrend.annualGrowth, (monthIndex + 0.5) / 12);
}

/**
 * Expected ratio of the mean count in June-August to the mean in
 * December-February for a seasonal crime type (what a test should find).
 */
export function expectedSummerWinterRatio(crimeType: string): number {
  const mean = (months: number[]): number => months.reduce((s, m) => s + seasonalFactor(crimeType, m), 0) / months.length;
  return mean([6, 7, 8]) / mean([12, 1, 2]);
}
