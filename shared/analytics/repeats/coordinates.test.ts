import { describe, expect, it } from 'vitest';
import { distanceFunction, euclideanDistance, manhattanDistance, osgb36ToGrid, wgs84ToBng, wgs84ToOsgb36 } from './coordinates';

const dms = (d: number, m: number, s: number): number => d + m / 60 + s / 3600;

describe('British National Grid', () => {
  it('projects the OS guide worked example exactly (OSGB36 52°39′27.2531″N 1°43′04.5177″E -> 651409.903, 313177.270)', () => {
    const p = osgb36ToGrid({ lat: dms(52, 39, 27.2531), lon: dms(1, 43, 4.5177) });
    expect(p.easting).toBeCloseTo(651409.903, 2);
    expect(p.northing).toBeCloseTo(313177.27, 2);
  });

  it('puts the true origin (49°N, 2°W on OSGB36) at the false origin 400000, -100000', () => {
    const p = osgb36ToGrid({ lat: 49, lon: -2 });
    expect(p.easting).toBeCloseTo(400000, 6);
    expect(p.northing).toBeCloseTo(-100000, 6);
  });

  it('takes the OS guide ETRS89/WGS84 point to within 5 m of its OSTN02 grid position (651409.792, 313177.448)', () => {
    // ETRS89 52°39′28.8282″N 1°42′57.8663″E; Helmert is good to a few metres, OSTN to centimetres.
    const p = wgs84ToBng(52.658007833, 1.716073973);
    expect(Math.hypot(p.easting - 651409.792, p.northing - 313177.448)).toBeLessThan(5);
  });

  it('moves latitude and longitude by the datum shift expected in Britain (~100 m)', () => {
    const o = wgs84ToOsgb36({ lat: 52.658007833, lon: 1.716073973 });
    // The OS guide gives OSGB36 52°39′27.2531″N 1°43′04.5177″E for this point (via OSTN).
    expect(Math.abs(o.lat - dms(52, 39, 27.2531)) * 111_000).toBeLessThan(5);
    expect(Math.abs(o.lon - dms(1, 43, 4.5177)) * 67_000).toBeLessThan(5);
  });

  it('keeps local distances within the grid scale factor (0.9996 to 1.0004)', () => {
    // 0.01° of latitude at 53°N is about 1113 m on the ellipsoid.
    const a = wgs84ToBng(53.0, -1.5);
    const b = wgs84ToBng(53.01, -1.5);
    const d = euclideanDistance(a.easting, a.northing, b.easting, b.northing);
    expect(d).toBeGreaterThan(1112 * 0.999);
    expect(d).toBeLessThan(1114 * 1.001);
  });

  it('rejects impossible coordinates', () => {
    expect(() => wgs84ToBng(91, 0)).toThrow(RangeError);
    expect(() => wgs84ToBng(NaN, 0)).toThrow(RangeError);
  });
});

describe('distances', () => {
  it('euclidean and manhattan in metres', () => {
    expect(euclideanDistance(0, 0, 3, 4)).toBe(5);
    expect(manhattanDistance(0, 0, 3, -4)).toBe(7);
    expect(distanceFunction('manhattan')(1, 1, 2, 2)).toBe(2);
    expect(distanceFunction('euclidean')(1, 1, 1, 1)).toBe(0);
  });
});
