import type { Migration } from '../migration';

// A claim record keeps the time its institution stated (a redemption's 核销时间). Frozen once landed.
//
// A redemption claim refused because another institution had redeemed the voucher first kept only
// its refusal, so 一券两家申报 could set the first redeemer's stated time against the other side's
// import day: read as "who came first", it favoured whoever happened to be imported first. The
// stated time is the institution's word, shown as such; the column stays empty for older records and
// for records whose time is not a time.
export const m025: Migration = {
  version: 25,
  name: 'a claim record keeps the time its institution stated',
  up: `
ALTER TABLE claim_record ADD COLUMN stated_at TEXT;
`,
  pg: `
ALTER TABLE claim_record ADD COLUMN stated_at text;
`,
};
