// Where a NUL sits in a channel's input or a parsed file: in a value, in a nested array, or in an
// object key (a trust bundle's catalogue is keyed by occupation code and institution id).
import { describe, expect, it } from 'vitest';
import { nulPath } from '../../shared/domain/text';

describe('nulPath', () => {
  it('names the field of the first NUL, in values and in keys, and null when there is none', () => {
    expect(nulPath({ name: '龙陵', items: [{ note: 'ok' }, { note: 'a\u0000b' }] })).toBe('items.1.note');
    expect(nulPath('\u0000')).toBe('_');
    expect(nulPath({ catalog: { occupations: { 'A\u0000B': '养老护理员' } } })).toBe('catalog.occupations.AB');
    expect(nulPath({ a: 1, b: null, c: [true, 2.5], d: '\\u0000 escaped is not a NUL' })).toBeNull();
  });
});
