// Issue 16 §4: which text typed or scanned into a search box is a code to open rather than words to search.
import { describe, expect, it } from 'vitest';
import { looksLikeCode } from '../../shared/contract/schemas/scan';

describe('looksLikeCode', () => {
  it('takes QR texts, serials with or without dashes, and 备用码', () => {
    expect(looksLikeCode('LLV1:6BFOXN*TS0BI$ZDFRH')).toBe(true);
    expect(looksLikeCode('LLE1:NCF-XY')).toBe(true);
    expect(looksLikeCode('530523-2026-000123-7')).toBe(true);
    expect(looksLikeCode('5305232026000123X')).toBe(true);
    expect(looksLikeCode('K7QM-2XWP-9D')).toBe(true);
  });

  it('leaves names, ID tails, phone numbers and ID numbers to the search', () => {
    for (const text of ['杨丽华', 'yang', '6001', '13812345678', '530523199001016001', 'ABCDEFGHIJK'])
      expect(looksLikeCode(text)).toBe(false);
  });
});
