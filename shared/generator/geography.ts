/**
 * Districts, wards and LSOAs of the Nottinghamshire force area as the
 * generator uses them. Ward names and their LSOA (2011) codes are real (ONS
 * LSOA -> ward 2019 lookup, Open Government Licence) so that generated
 * records agree with the lookups the workbench ships; the grid references of
 * ward centres are hand-placed approximations, good enough for near-repeat
 * analysis but not for maps at street level. A subset of wards per district
 * is enough for analysis and keeps the table small.
 */

export interface WardInfo {
  name: string;
  /** Approximate ward centre, British National Grid metres. */
  easting: number;
  northing: number;
  /** Relative share of the district's crime and ASB recorded in the ward. */
  weight: number;
  lsoaCodes: readonly string[];
}

export interface DistrictInfo {
  /** Name as force extracts spell it. */
  name: string;
  /** For file names: `district-<slug>.csv`. */
  slug: string;
  /** One digit used in record references so references never collide across districts. */
  refDigit: number;
  onsCode: string;
  /** Name in ONS files (`Nottingham`, not `Nottingham City`). */
  onsName: string;
  onsGeography: 'Unitary Authority' | 'Non-metropolitan District';
  /** Residents at mid-2020, the base for rates. */
  population: number;
  /** Recorded crimes per 1,000 residents a year at the default --records. */
  crimeRatePer1000: number;
  /** ASB incidents per 1,000 residents a year at the default --records, before any planted trend. */
  asbRatePer1000: number;
  /** Plausible bounding box for grid references. */
  box: { minE: number; maxE: number; minN: number; maxN: number };
  /** Spread (standard deviation, metres) of points around an LSOA centre. */
  spreadM: number;
  /** Which population age profile the district follows (the City's is student-heavy). */
  ageProfile: 'city' | 'county';
  wards: readonly WardInfo[];
}

type WardRow = readonly [string, number, number, number, readonly number[]];

/** name, easting, northing, weight, LSOA code numbers (E01 + 6 digits). */
const WARD_TABLE: Readonly<Record<string, readonly WardRow[]>> = {
  'Ashfield': [
    ['Hucknall Central', 453700, 349300, 1.2, [27925,27927,27928,27932,27943]],
    ['Hucknall North', 453300, 350700, 1.0, [27931,27933,27934,27935,27936,27937]],
    ['Hucknall West', 452300, 349600, 1.0, [27938,27939,27940,27941,27942,27944]],
    ['Hucknall South', 454000, 348300, 0.9, [27926,27929,27930]],
    ['Central & New Cross', 449800, 358900, 1.6, [27967,27977,27978]],
    ['Carsic', 448700, 359600, 1.1, [27964,27965,27966,27968]],
    ['Summit', 450200, 356400, 1.3, [27952,27954,27955,27956,27958]],
    ['Kirkby Cross & Portland', 449300, 355800, 1.2, [27947,27948]],
    ['Skegby', 449200, 361200, 0.8, [27979,27980,27982,27984,27985]],
    ['Huthwaite & Brierley', 446700, 359300, 0.9, [27986,27987,27988,27990]],
    ['Selston', 445900, 353400, 0.6, [27960,27961,27962,27963]],
    ['Annesley & Kirkby Woodhouse', 448900, 353900, 0.8, [27995,27996,27997,27998]],
  ],
  'Bassetlaw': [
    ['Worksop North', 458500, 380300, 1.2, [28046,28047,28048,28049,28050]],
    ['Worksop North West', 457400, 379900, 0.9, [28055,28056,28057,28058,28059]],
    ['Worksop North East', 459300, 380200, 1.0, [28051,28052,28053,28054]],
    ['Worksop East', 459800, 379300, 1.1, [28042,28043,28044,28045]],
    ['Worksop South', 458200, 378300, 0.9, [28060,28061,28062,28063]],
    ['Worksop South East', 459300, 378000, 1.3, [28064,28065,28066,28067,28068]],
    ['East Retford North', 470600, 381900, 1.0, [28013,28014,28015,28016]],
    ['East Retford East', 471500, 381000, 1.0, [28008,28009,28010,28011,28012]],
    ['East Retford West', 470000, 380600, 0.9, [28020,28021,28022]],
    ['Harworth', 461800, 391400, 1.0, [28024,28025,28026,28027,28028]],
    ['Carlton', 460700, 384200, 0.6, [28001,28002,28003,28004]],
    ['Tuxford and Trent', 474200, 371000, 0.5, [28037,28038,28039]],
  ],
  'Broxtowe': [
    ['Beeston Central', 453200, 336600, 1.4, [28073,28074,28075,28083]],
    ['Beeston North', 452700, 337700, 1.0, [28076,28077,28078,28079]],
    ['Beeston West', 452000, 336700, 0.9, [28084,28085,28086]],
    ['Beeston Rylands', 453500, 335700, 1.0, [28080,28081,28082]],
    ['Chilwell West', 450500, 335600, 0.8, [28097,28098,28099,28100,28101]],
    ['Attenborough & Chilwell East', 451500, 335000, 0.7, [28069,28070,28094,28095,28096]],
    ['Toton & Chilwell Meadows', 450100, 334600, 0.7, [28135,28136,28137,28138,28139]],
    ['Bramcote', 450600, 337600, 0.6, [28087,28088,28089,28090,28091]],
    ['Stapleford South West', 448600, 337000, 0.9, [28131,28132,28133,28134]],
    ['Stapleford North', 448800, 338000, 0.9, [28125,28126,28127]],
    ['Kimberley', 449700, 344800, 0.9, [28102,28103,28104,28105,28106]],
    ['Eastwood Hilltop', 446600, 346800, 1.0, [28108,28109,28113,28114]],
    ['Greasley', 448000, 347200, 0.6, [28115,28116,28117,28118]],
    ['Awsworth, Cossall & Trowell', 447500, 342500, 0.5, [33412,33413]],
  ],
  'Gedling': [
    ['Carlton Hill', 460400, 341300, 1.1, [28159,28160,28161,28162,28163,28164]],
    ['Netherfield', 462700, 340600, 1.3, [28171,28185,28186,28187]],
    ['Carlton', 461600, 341300, 1.1, [28155,28156,28157,28158]],
    ['Daybrook', 457800, 344800, 1.0, [28144,28165,28166,28167]],
    ['Woodthorpe', 458600, 343900, 0.7, [28176,28214,28215,28216,28217]],
    ['Porchester', 460000, 342500, 0.8, [28193,28194,28195,28196,28197]],
    ['Plains', 461000, 344100, 0.7, [28179,28180,28182,28183,28218]],
    ['Redhill', 458000, 346600, 0.9, [28143,28205,28207,28208]],
    ['Ernehale', 458600, 346000, 0.9, [28174,28175,28177,28209]],
    ['Gedling', 461900, 342600, 0.8, [28169,28170,28172,28191]],
    ['Calverton', 461500, 349200, 0.7, [28150,28151,28152,28153,28154]],
    ['Newstead Abbey', 453600, 351800, 0.5, [28189,28198,28199,28200,28201]],
  ],
  'Mansfield': [
    ['Portland', 453700, 360700, 1.5, [28268]],
    ['Oak Tree', 455600, 360000, 1.3, [28261,28263]],
    ['Ladybrook', 452300, 360700, 1.2, [28247,28248]],
    ['Broomhill', 454500, 361600, 1.1, [28227,28228,28231]],
    ['Newgate', 453600, 361600, 1.0, [28233,28269,28276]],
    ['Berry Hill', 454600, 359200, 0.8, [28219,28222,33391]],
    ['Bull Farm and Pleasley Hill', 452200, 363000, 1.0, [28267,33392]],
    ['Park Hall', 455500, 363600, 0.8, [28272,28278,28279]],
    ['Yeoman Hill', 454600, 364200, 0.8, [28271,28273]],
    ['Market Warsop', 456800, 368100, 0.9, [28225,28226,28260]],
    ['Penniment', 451400, 360600, 0.9, [28230,28232]],
    ['Carr Bank', 453900, 362300, 1.0, [28274,28275]],
  ],
  'Newark and Sherwood': [
    ['Castle', 479700, 354000, 1.5, [28309,28311]],
    ['Bridge', 480000, 354700, 1.2, [28304,28305,28306,28307,28310]],
    ['Devon', 479300, 353200, 1.2, [28308,28318,28319,28320,28334,28335]],
    ['Beacon', 481200, 354400, 1.0, [28292,28293,28294,28333]],
    ['Balderton North & Coddington', 481600, 352800, 0.8, [28285,28286,28287,28289,28353]],
    ['Farndon & Fernwood', 478300, 351300, 0.6, [28325,28326,33393,33394]],
    ['Southwell', 470200, 353900, 0.6, [28329,28345,28346,28347,28348]],
    ['Ollerton', 465600, 367500, 1.1, [28301,28338,28339,28340,28341]],
    ['Edwinstowe & Clipstone', 461500, 365500, 0.9, [28313,28314,28321,28322,28323]],
    ['Rainworth South & Blidworth', 459300, 356300, 0.9, [28298,28299,28300,28343]],
    ['Boughton', 467900, 368800, 0.7, [28302,28303]],
    ['Collingham', 483500, 361800, 0.4, [28315,28316,28317]],
  ],
  'Rushcliffe': [
    ['Trent Bridge', 458300, 337900, 1.3, [28398,28416,28417]],
    ['Lady Bay', 459500, 338500, 0.9, [28384,28385,28386]],
    ['Abbey', 457800, 336500, 1.0, [28354,28355,28356,28396,28397]],
    ['Lutterell', 456700, 336000, 0.7, [28391,28392,28399,28418]],
    ['Compton Acres', 456600, 334900, 0.7, [28363,28364,28365]],
    ['Edwalton', 460000, 335000, 0.6, [28372,28373,28374]],
    ['Musters', 458800, 336700, 0.8, [28400,28401]],
    ['Radcliffe on Trent', 465000, 339200, 0.9, [28393,28394,28395,28413,28414,28415]],
    ['Cotgrave', 464400, 335400, 1.0, [28366,28367,28368,28369,28370]],
    ['Keyworth & Wolds', 461600, 330900, 0.7, [28379,28380,28381,28382,28383,28421]],
    ['Ruddington', 457500, 332800, 0.8, [28404,28405,28406,28407]],
    ['Leake', 455200, 326600, 0.7, [28387,28388,28389,28390]],
    ['Bingham West', 470100, 339700, 0.9, [28360,28361,28362]],
    ['Bingham East', 471000, 340000, 0.8, [28357,28358,28359]],
  ],
  'Nottingham City': [
    ['Castle', 457200, 339500, 2.2, [32520,32522,33402,33403,33406,33407]],
    ['Hyson Green & Arboretum', 456700, 341300, 1.6, [13810,13811,13812,13813,13814,13815,13816,13842,13846,13930,13944]],
    ['Radford', 455500, 340600, 1.4, [13945,13947,13948,13953,33395,33396,33404]],
    ['St. Ann\'s', 458300, 341100, 1.5, [13954,13957,13958,13959,13960,13961,13962,33399,33401,33405,33409,33411]],
    ['Meadows', 457500, 338400, 1.3, [13870,13871,13872,13873,13874,33400]],
    ['Lenton & Wollaton East', 455000, 338800, 1.1, [13924,13926,13928,13933,13973,13974,13975,13976,33408,33410]],
    ['Bulwell', 453600, 345300, 1.4, [13875,13876,13877,13878,13879,13880,13881,13882,13883,13884,13885]],
    ['Bulwell Forest', 454800, 346300, 0.9, [13886,13887,13888,13889,13890,13891,13892,13893,13894]],
    ['Aspley', 453300, 342400, 1.2, [13817,13818,13819,13820,13821,13822,13823,13824,13825,13826]],
    ['Bilborough', 452100, 341400, 1.1, [13858,13859,13860,13861,13862,13863,13864,13865,13866,13867,13868]],
    ['Basford', 455200, 343700, 1.0, [13827,13828,13829,13830,13831,13832,13833,13834,13835,13836]],
    ['Berridge', 456000, 342500, 1.0, [13837,13838,13839,13840,13841,13843,13844,13845,13847]],
    ['Sherwood', 457300, 343300, 0.9, [13963,13964,13965,13966,13967,13968,13969,13970,13971,13972]],
    ['Mapperley', 458800, 342300, 0.9, [13935,13936,13937,13938,13939,13940,13941,13942,13943]],
    ['Dales', 459600, 340100, 1.0, [13913,13914,13915,13916,13917,13918,13919,13920,13921]],
    ['Bestwood', 455900, 345600, 1.0, [13849,13850,13851,13852,13853,13854,13855,13856,32621,33397,33398]],
    ['Leen Valley', 454200, 343600, 0.7, [13929,13931,13932,13934]],
    ['Wollaton West', 452700, 339700, 0.6, [13977,13978,13979,13980,13981,13982,13983,13984,13985]],
    ['Clifton East', 455700, 334600, 0.9, [13897,13899,13900,13903,13904,13905,13906,13907,13908,13910,13911]],
    ['Clifton West', 454200, 334400, 0.7, [13895,13896,13898,13901,13902,13909,13912]],
  ],
};

function wardsOf(district: string): WardInfo[] {
  const rows = WARD_TABLE[district];
  if (rows === undefined) throw new Error(`no wards for ${district}`);
  return rows.map(([name, easting, northing, weight, lsoas]) => ({
    name,
    easting,
    northing,
    weight,
    lsoaCodes: lsoas.map((n) => `E01${String(n).padStart(6, '0')}`),
  }));
}

/**
 * Crime rates are set so that Nottingham City records about 97 crimes per
 * 1,000 residents a year and the force about 100,000 crimes a year, with the
 * county districts ordered roughly as in published data (Mansfield highest,
 * Rushcliffe lowest).
 */
export const DISTRICTS: readonly DistrictInfo[] = [
  {
    name: 'Ashfield', slug: 'ashfield', refDigit: 1, onsCode: 'E07000170', onsName: 'Ashfield',
    onsGeography: 'Non-metropolitan District', population: 128_000, crimeRatePer1000: 92, asbRatePer1000: 32,
    box: { minE: 443_000, maxE: 457_000, minN: 347_000, maxN: 364_000 }, spreadM: 450, ageProfile: 'county',
    wards: wardsOf('Ashfield'),
  },
  {
    name: 'Bassetlaw', slug: 'bassetlaw', refDigit: 2, onsCode: 'E07000171', onsName: 'Bassetlaw',
    onsGeography: 'Non-metropolitan District', population: 117_000, crimeRatePer1000: 90, asbRatePer1000: 30,
    box: { minE: 455_000, maxE: 483_000, minN: 366_000, maxN: 400_000 }, spreadM: 500, ageProfile: 'county',
    wards: wardsOf('Bassetlaw'),
  },
  {
    name: 'Broxtowe', slug: 'broxtowe', refDigit: 3, onsCode: 'E07000172', onsName: 'Broxtowe',
    onsGeography: 'Non-metropolitan District', population: 114_000, crimeRatePer1000: 70, asbRatePer1000: 22,
    box: { minE: 444_000, maxE: 455_000, minN: 333_000, maxN: 350_000 }, spreadM: 450, ageProfile: 'county',
    wards: wardsOf('Broxtowe'),
  },
  {
    name: 'Gedling', slug: 'gedling', refDigit: 4, onsCode: 'E07000173', onsName: 'Gedling',
    onsGeography: 'Non-metropolitan District', population: 118_000, crimeRatePer1000: 70, asbRatePer1000: 22,
    box: { minE: 452_000, maxE: 467_000, minN: 339_000, maxN: 355_000 }, spreadM: 450, ageProfile: 'county',
    wards: wardsOf('Gedling'),
  },
  {
    name: 'Mansfield', slug: 'mansfield', refDigit: 5, onsCode: 'E07000174', onsName: 'Mansfield',
    onsGeography: 'Non-metropolitan District', population: 109_000, crimeRatePer1000: 105, asbRatePer1000: 34,
    box: { minE: 448_000, maxE: 461_000, minN: 355_500, maxN: 371_000 }, spreadM: 400, ageProfile: 'county',
    wards: wardsOf('Mansfield'),
  },
  {
    name: 'Newark and Sherwood', slug: 'newark-and-sherwood', refDigit: 6, onsCode: 'E07000175',
    onsName: 'Newark and Sherwood', onsGeography: 'Non-metropolitan District', population: 123_000,
    crimeRatePer1000: 80, asbRatePer1000: 26,
    box: { minE: 456_000, maxE: 488_000, minN: 345_000, maxN: 373_000 }, spreadM: 550, ageProfile: 'county',
    wards: wardsOf('Newark and Sherwood'),
  },
  {
    name: 'Rushcliffe', slug: 'rushcliffe', refDigit: 7, onsCode: 'E07000176', onsName: 'Rushcliffe',
    onsGeography: 'Non-metropolitan District', population: 119_000, crimeRatePer1000: 50, asbRatePer1000: 16,
    box: { minE: 450_000, maxE: 476_000, minN: 322_000, maxN: 345_000 }, spreadM: 500, ageProfile: 'county',
    wards: wardsOf('Rushcliffe'),
  },
  {
    name: 'Nottingham City', slug: 'nottingham-city', refDigit: 8, onsCode: 'E06000018', onsName: 'Nottingham',
    onsGeography: 'Unitary Authority', population: 332_000, crimeRatePer1000: 97, asbRatePer1000: 36,
    box: { minE: 451_000, maxE: 462_000, minN: 333_000, maxN: 348_000 }, spreadM: 350, ageProfile: 'city',
    wards: wardsOf('Nottingham City'),
  },
];

export function districtByName(name: string): DistrictInfo {
  const found = DISTRICTS.find((d) => d.name === name);
  if (found === undefined) throw new Error(`unknown district ${name}`);
  return found;
}

/**
 * Where each LSOA sits: spread on a ring around the ward centre so that
 * points of one LSOA cluster together and neighbouring LSOAs do not overlap
 * completely (a follower burglary 200 m away then usually shares the LSOA).
 */
export function lsoaCentre(ward: WardInfo, lsoaIndex: number, spreadM: number): { easting: number; northing: number } {
  const n = ward.lsoaCodes.length;
  if (n <= 1) return { easting: ward.easting, northing: ward.northing };
  const angle = (2 * Math.PI * lsoaIndex) / n;
  const radius = spreadM * 1.6;
  return { easting: ward.easting + radius * Math.cos(angle), northing: ward.northing + radius * Math.sin(angle) };
}
