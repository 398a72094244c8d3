/**
 * WGS84 latitude/longitude to British National Grid (OSGB36) easting and
 * northing, after the Ordnance Survey's "A guide to coordinate systems in
 * Great Britain": a 7-parameter Helmert transform to OSGB36 then the
 * National Grid Transverse Mercator projection. The Helmert route is good to
 * about 5 m (OSTN15 would be needed for centimetres); police.uk points are
 * snapped to map points further apart than that, so this is plenty for
 * near-repeat bands of tens to hundreds of metres.
 */

/** A point on the British National Grid, metres. */
export interface GridPoint {
  easting: number;
  northing: number;
}

/** Latitude and longitude in decimal degrees (north and east positive). */
export interface LatLon {
  lat: number;
  lon: number;
}

interface Ellipsoid {
  a: number;
  b: number;
}

const WGS84: Ellipsoid = { a: 6_378_137, b: 6_356_752.314245 };
const AIRY_1830: Ellipsoid = { a: 6_377_563.396, b: 6_356_256.909 };

// National Grid projection constants (OS guide, table A.1 / C.1).
const F0 = 0.9996012717;
const LAT0 = degToRad(49);
const LON0 = degToRad(-2);
const E0 = 400_000;
const N0 = -100_000;

// WGS84 -> OSGB36 Helmert parameters (OS guide, section 6.6).
const TX = -446.448;
const TY = 125.157;
const TZ = -542.06;
const S_PPM = 20.4894;
const RX_SEC = -0.1502;
const RY_SEC = -0.247;
const RZ_SEC = -0.8421;

function degToRad(d: number): number {
  return (d * Math.PI) / 180;
}

function secToRad(s: number): number {
  return degToRad(s / 3600);
}

/** Geodetic to earth-centred cartesian (height 0: heights do not matter at these accuracies). */
function toCartesian(latRad: number, lonRad: number, e: Ellipsoid, h = 0): [number, number, number] {
  const e2 = 1 - (e.b * e.b) / (e.a * e.a);
  const sinLat = Math.sin(latRad);
  const nu = e.a / Math.sqrt(1 - e2 * sinLat * sinLat);
  const cosLat = Math.cos(latRad);
  return [(nu + h) * cosLat * Math.cos(lonRad), (nu + h) * cosLat * Math.sin(lonRad), ((1 - e2) * nu + h) * sinLat];
}

/** Cartesian to geodetic latitude/longitude (radians) by the OS guide's iteration. */
function fromCartesian(x: number, y: number, z: number, e: Ellipsoid): [number, number] {
  const e2 = 1 - (e.b * e.b) / (e.a * e.a);
  const p = Math.sqrt(x * x + y * y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let k = 0; k < 10; k++) {
    const sinLat = Math.sin(lat);
    const nu = e.a / Math.sqrt(1 - e2 * sinLat * sinLat);
    const next = Math.atan2(z + e2 * nu * sinLat, p);
    if (Math.abs(next - lat) < 1e-13) {
      lat = next;
      break;
    }
    lat = next;
  }
  return [lat, Math.atan2(y, x)];
}

/** WGS84 (or ETRS89) latitude/longitude to OSGB36 latitude/longitude, degrees (Helmert, ~5 m). */
export function wgs84ToOsgb36(point: LatLon): LatLon {
  const [x, y, z] = toCartesian(degToRad(point.lat), degToRad(point.lon), WGS84);
  const s = S_PPM * 1e-6;
  const rx = secToRad(RX_SEC);
  const ry = secToRad(RY_SEC);
  const rz = secToRad(RZ_SEC);
  const x2 = TX + (1 + s) * x - rz * y + ry * z;
  const y2 = TY + rz * x + (1 + s) * y - rx * z;
  const z2 = TZ - ry * x + rx * y + (1 + s) * z;
  const [lat, lon] = fromCartesian(x2, y2, z2, AIRY_1830);
  return { lat: (lat * 180) / Math.PI, lon: (lon * 180) / Math.PI };
}

/** OSGB36 latitude/longitude (on the Airy 1830 ellipsoid) to National Grid easting/northing (exact projection). */
export function osgb36ToGrid(point: LatLon): GridPoint {
  const { a, b } = AIRY_1830;
  const lat = degToRad(point.lat);
  const lon = degToRad(point.lon);
  const e2 = 1 - (b * b) / (a * a);
  const n = (a - b) / (a + b);
  const n2 = n * n;
  const n3 = n2 * n;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const tanLat = Math.tan(lat);
  const tan2 = tanLat * tanLat;
  const tan4 = tan2 * tan2;
  const w = 1 - e2 * sinLat * sinLat;
  const nu = (a * F0) / Math.sqrt(w);
  const rho = (a * F0 * (1 - e2)) / Math.pow(w, 1.5);
  const eta2 = nu / rho - 1;
  const dLat = lat - LAT0;
  const sLat = lat + LAT0;
  const M =
    b *
    F0 *
    ((1 + n + (5 / 4) * n2 + (5 / 4) * n3) * dLat -
      (3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(dLat) * Math.cos(sLat) +
      ((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * dLat) * Math.cos(2 * sLat) -
      (35 / 24) * n3 * Math.sin(3 * dLat) * Math.cos(3 * sLat));
  const cos3 = cosLat * cosLat * cosLat;
  const cos5 = cos3 * cosLat * cosLat;
  const I = M + N0;
  const II = (nu / 2) * sinLat * cosLat;
  const III = (nu / 24) * sinLat * cos3 * (5 - tan2 + 9 * eta2);
  const IIIA = (nu / 720) * sinLat * cos5 * (61 - 58 * tan2 + tan4);
  const IV = nu * cosLat;
  const V = (nu / 6) * cos3 * (nu / rho - tan2);
  const VI = (nu / 120) * cos5 * (5 - 18 * tan2 + tan4 + 14 * eta2 - 58 * tan2 * eta2);
  const dL = lon - LON0;
  const dL2 = dL * dL;
  const northing = I + II * dL2 + III * dL2 * dL2 + IIIA * dL2 * dL2 * dL2;
  const easting = E0 + IV * dL + V * dL2 * dL + VI * dL2 * dL2 * dL;
  return { easting, northing };
}

/** WGS84 latitude/longitude (degrees) to British National Grid easting/northing (metres), good to ~5 m. */
export function wgs84ToBng(lat: number, lon: number): GridPoint {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new RangeError(`not a latitude/longitude: ${lat}, ${lon}`);
  }
  return osgb36ToGrid(wgs84ToOsgb36({ lat, lon }));
}

/** Distance between two points on a projected grid. */
export type DistanceMetric = 'euclidean' | 'manhattan';

/** Straight-line distance in metres. */
export function euclideanDistance(x1: number, y1: number, x2: number, y2: number): number {
  // sqrt of the sum of squares, as R's dist() does, so pairs on a band edge land in the same band.
  const dx = x2 - x1;
  const dy = y2 - y1;
  return Math.sqrt(dx * dx + dy * dy);
}

/** City-block distance |dx| + |dy| in metres (NearRepeat's and the Near Repeat Calculator's default). */
export function manhattanDistance(x1: number, y1: number, x2: number, y2: number): number {
  return Math.abs(x2 - x1) + Math.abs(y2 - y1);
}

/** The distance function for a metric. */
export function distanceFunction(metric: DistanceMetric): (x1: number, y1: number, x2: number, y2: number) => number {
  return metric === 'manhattan' ? manhattanDistance : euclideanDistance;
}
