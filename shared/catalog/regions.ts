// GB/T 2260 administrative division codes, used to check the address code of ID numbers.
import { CITIES, COUNTIES, PROVINCES } from './regions.data';

function decode(blob: string, digits: number): Map<string, string> {
  return new Map(blob.split('|').map((e) => [e.slice(0, digits), e.slice(digits)]));
}

// Holders of 港澳台居民居住证 carry 810000, 820000 or 830000; 710000 is Taiwan in GB/T 2260.
const EXTRA_PROVINCES = '71台湾省|81香港特别行政区|82澳门特别行政区|83台湾地区';
// Placeholder city names that read badly inside a full place name.
const GENERIC_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

let maps: { provinces: Map<string, string>; cities: Map<string, string>; counties: Map<string, string> } | null = null;
function load() {
  maps ??= {
    provinces: decode(`${PROVINCES}|${EXTRA_PROVINCES}`, 2),
    cities: decode(CITIES, 4),
    counties: decode(COUNTIES, 6),
  };
  return maps;
}

export function isKnownProvince(code2: string): boolean {
  return load().provinces.has(code2);
}

/**
 * Full name of a 6-digit address code ("云南省保山市龙陵县"), or null when unlisted.
 * Prefecture-level codes ending in 00 (e.g. 441900 东莞市, which has no counties) count as listed.
 */
export function countyName(code6: string): string | null {
  const { provinces, cities, counties } = load();
  const province = provinces.get(code6.slice(0, 2));
  if (!province) return null;
  const city = cities.get(code6.slice(0, 4));
  if (code6.endsWith('0000')) return province;
  if (!city) return null;
  const prefix = GENERIC_CITIES.has(city) ? province : province + city;
  if (code6.endsWith('00')) return prefix;
  const county = counties.get(code6);
  return county ? prefix + county : null;
}
