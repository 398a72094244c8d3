/**
 * Seeded synthetic data for the Crime Analyst Workbench: district profile
 * records, iQuanta aggregates, Respect Survey respondents, population
 * denominators and malformed variants, with planted effects described by
 * PLANTED. Pure TypeScript (no Node built-ins) so it also runs in a worker.
 * XLSX writing lives in ./xlsx.ts, imported separately.
 */

export { Random, WeightedChoice, cumulativeWeights, deriveSeed } from './prng';
export { Calendar, MINUTES_PER_DAY, parseGeneratedDate, type MonthSlot } from './calendar';
export { DISTRICTS, districtByName, lsoaCentre, type DistrictInfo, type WardInfo } from './geography';
export { ASB_CRIME_TYPE, CRIME_TYPES, CRIME_TYPE_NAMES, IQUANTA_MEASURES, crimeTypeIndex, type CrimeTypeInfo } from './crime-types';
export { PLANTED, asbTrendFactor, expectedSummerWinterRatio, seasonalFactor } from './planted';
export {
  DISTRICT_COLUMNS,
  defaultRecordCount,
  districtTargets,
  expectedCells,
  generateDistrictRecords,
  type DistrictRecord,
  type DistrictRecordOptions,
  type GeneratedDistrictRecord,
} from './district-records';
export {
  csvField,
  csvLine,
  districtCsv,
  districtCsvChunks,
  districtCsvLine,
  districtRecordValues,
  objectsToCsv,
  toCsv,
  type CsvOptions,
  type CsvValue,
} from './csv';
export {
  FORCE_AREA,
  IQUANTA_COLUMNS,
  IquantaCounter,
  cspName,
  iquantaRows,
  iquantaWide,
  type CountableRecord,
  type IquantaOptions,
  type IquantaRow,
} from './iquanta';
export {
  AGREE_SCALE,
  PROBLEM_SCALE,
  RESPECT_COLUMNS,
  SAFETY_SCALE,
  respectRows,
  respectWards,
  type RespectOptions,
  type RespectRow,
} from './respect-survey';
export {
  POPULATION_AGE_BANDS,
  POPULATION_COLUMNS,
  districtPopulationInYear,
  districtSingleYearPopulation,
  onsMyePersonsCsv,
  populationRows,
  populationShare,
  withThousands,
  type PopulationRow,
  type SingleYearPopulation,
} from './population';
export { poissonMonthlySeries, type PoissonSeriesOptions, type SeriesPoint } from './poisson-series';
export {
  CP1252_WARD,
  encodeWindows1252,
  malformedFiles,
  type ExpectedFile,
  type MalformedFile,
  type MalformedSet,
  type Rejection,
  type XlsxSheetSpec,
} from './malformed';
export { generatorReadme } from './readme';
export {
  asbYearlyGrowth,
  domesticRepeatShare,
  nearRepeatShare,
  summerWinterRatio,
  surveyShare,
  victimAgeShare,
} from './effects';
