/**
 * Colour-vision deficiency checks for the chart palette: how colours look
 * with protanopia, deuteranopia and tritanopia (Machado, Oliveira and
 * Fernandes 2009, severity 1, in linear RGB) and how far apart two colours
 * are then (CIE76 distance in CIELAB, D65). About 1 in 12 men has a red-green
 * deficiency; charts whose series are told apart by colour must survive it.
 */

export type ColourVision = 'typical' | 'protanopia' | 'deuteranopia' | 'tritanopia';
export const DEFICIENCIES = ['protanopia', 'deuteranopia', 'tritanopia'] as const satisfies readonly ColourVision[];

type Matrix = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

const MACHADO: Readonly<Record<ColourVision, Matrix>> = {
  typical: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/**
 * Two colours this far apart (CIE76) read as different categories at a glance; 2.3 is
 * the just-noticeable difference, and the Okabe-Ito palette keeps 16 or more under each deficiency.
 */
export const DISTINCT_DELTA_E = 10;

type Rgb = [number, number, number];

function linearRgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (m === null) throw new Error(`not a #rrggbb colour: ${hex}`);
  const body = m[1] ?? '';
  const channel = (i: number): number => {
    const v = parseInt(body.slice(i * 2, i * 2 + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return [channel(0), channel(1), channel(2)];
}

function simulate(rgb: Rgb, vision: ColourVision): Rgb {
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  const [r, g, b] = rgb;
  const [m0, m1, m2] = MACHADO[vision];
  return [clamp(m0[0] * r + m0[1] * g + m0[2] * b), clamp(m1[0] * r + m1[1] * g + m1[2] * b), clamp(m2[0] * r + m2[1] * g + m2[2] * b)];
}

function lab([r, g, b]: Rgb): Rgb {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 distance between two #rrggbb colours as seen with this colour vision. */
export function colourDistance(a: string, b: string, vision: ColourVision): number {
  const [l1, a1, b1] = lab(simulate(linearRgb(a), vision));
  const [l2, a2, b2] = lab(simulate(linearRgb(b), vision));
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** The smallest distance between two colours of the list under each deficiency (and typical vision), with the pair. */
export function closestPair(colours: readonly string[], vision: ColourVision): { distance: number; pair: [string, string] } {
  let best: { distance: number; pair: [string, string] } = { distance: Number.POSITIVE_INFINITY, pair: ['', ''] };
  colours.forEach((a, i) => {
    for (const b of colours.slice(i + 1)) {
      const distance = colourDistance(a, b, vision);
      if (distance < best.distance) best = { distance, pair: [a, b] };
    }
  });
  return best;
}
