import type { FormInstance } from 'antd';

/** '', null, undefined and [] all mean "nothing typed". */
function blank(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function same(a: unknown, b: unknown): boolean {
  if (blank(a) && blank(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** Whether the form holds anything other than what it started with (typing and deleting is no change). */
export function formChanged(form: FormInstance, initial: object): boolean {
  const now = form.getFieldsValue(true) as Record<string, unknown>;
  const start = initial as Record<string, unknown>;
  const keys = new Set([...Object.keys(now), ...Object.keys(start)]);
  return [...keys].some((k) => !same(now[k], start[k]));
}
