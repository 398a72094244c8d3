/**
 * How wide chart text is in the theme's font (Source Sans 3), so the theme
 * can keep room for titles, legends and source notes that wrap on a narrow
 * chart (a half-width export is 302 px across). shared/ has no canvas to
 * measure with, so these are the font's own advance widths (per 1,000 units
 * of the em, read from SourceSans3_400Regular.ttf and _700Bold.ttf for
 * printable ASCII and a few common symbols); kerning is ignored, which
 * errs on the wide side by a few per cent.
 */

/** Advance widths of the characters from U+0020 to U+007E. */
const REGULAR_ASCII = [
  200, 289, 426, 497, 497, 824, 609, 249, 303, 303, 418, 497, 249, 311, 249, 350, 497, 497, 497, 497, 497, 497, 497, 497, 497, 497, 249, 249, 497, 497, 497, 425, 847, 543, 588, 571,
  615, 527, 494, 617, 652, 263, 479, 579, 486, 727, 647, 664, 566, 664, 569, 534, 536, 645, 515, 786, 513, 476, 539, 303, 350, 303, 497, 500, 542, 504, 553, 456, 555, 496, 292, 504,
  544, 246, 247, 495, 255, 829, 547, 542, 555, 555, 347, 419, 338, 544, 467, 719, 446, 467, 425, 303, 241, 303, 497,
] as const;
const BOLD_ASCII = [
  200, 340, 537, 528, 528, 857, 667, 300, 344, 344, 457, 528, 300, 332, 300, 339, 528, 528, 528, 528, 528, 528, 528, 528, 528, 528, 300, 300, 528, 528, 528, 463, 902, 573, 605, 582,
  635, 548, 524, 638, 674, 301, 509, 614, 518, 762, 665, 684, 596, 684, 613, 556, 556, 665, 556, 813, 567, 525, 541, 344, 339, 344, 528, 500, 555, 527, 573, 468, 573, 518, 341, 534,
  571, 276, 278, 548, 286, 857, 572, 555, 573, 573, 398, 443, 383, 568, 523, 776, 514, 521, 460, 344, 268, 344, 528,
] as const;
/** Outside ASCII: [regular, bold]. */
const OTHER: Readonly<Record<string, readonly [number, number]>> = {
  '–': [480, 480],
  '—': [800, 800],
  '·': [249, 300],
  '±': [497, 528],
  '‘': [249, 300],
  '’': [249, 300],
  '“': [426, 537],
  '”': [426, 537],
  '£': [497, 528],
  '×': [497, 528],
  '…': [948, 978],
  '€': [497, 528],
};
/** Anything else (accented letters, symbols): about an average letter and a bit. */
const FALLBACK = 600;
/** CJK and other full-width characters are an em wide: ECharts takes a line's height from the width of '国'. */
const WIDE = 1000;
const FIRST_WIDE = 0x2e80;

export interface FontSpec {
  fontSize: number;
  isBold?: boolean;
}

/** The text's width in px at this size, on one line. */
export function textWidth(text: string, font: FontSpec): number {
  const table = font.isBold === true ? BOLD_ASCII : REGULAR_ASCII;
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const known = code >= 0x20 && code <= 0x7e ? table[code - 0x20] : OTHER[ch]?.[font.isBold === true ? 1 : 0];
    units += known ?? (code >= FIRST_WIDE ? WIDE : FALLBACK);
  }
  return (units * font.fontSize) / 1000;
}

/**
 * The lines the text takes when broken at spaces to fit `maxWidth` px, as
 * ECharts' `overflow: 'break'` does (a word longer than a line is split).
 * An empty text takes none.
 */
export function wrappedLines(text: string, font: FontSpec, maxWidth: number): number {
  if (text.trim() === '') return 0;
  const space = textWidth(' ', font);
  let lines = 1;
  let used = 0;
  for (const word of text.trim().split(/\s+/)) {
    const width = textWidth(word, font);
    const needed = used === 0 ? width : used + space + width;
    if (needed <= maxWidth) {
      used = needed;
      continue;
    }
    if (used > 0) lines++;
    // A word wider than the line runs over as many lines as it fills.
    const extra = Math.max(0, Math.ceil(width / maxWidth) - 1);
    lines += extra;
    used = width - extra * maxWidth;
  }
  return lines;
}

/**
 * ECharts' text measurer (its platform API's measureText), for a CSS font
 * such as "bold 15px 'Source Sans 3', ...": the app and the command line
 * both lay text out with these widths, so a chart wraps the same wherever it
 * is drawn, whether or not the font has loaded yet, and as the theme keeps
 * room for.
 */
export function measureChartText(text: string, font?: string): { width: number } {
  const size = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  const isBold = /\bbold(er)?\b|\b[6-9]00\b/.test(font ?? '');
  return { width: textWidth(text, { fontSize: size === null ? 12 : Number(size[1]), isBold }) };
}
