// The insider at a township station (issue 14 §3): a clerk bound to 镇安镇 tries the ids, ID
// numbers, names and vouchers of a 龙山镇 worker through every channel that reads or touches
// workers. Each is refused as if the worker did not exist, or answers without them; nothing that
// comes back names the worker, and nothing is written for them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName } from '../../shared/contract/channels';
import { maskIdNumber } from '../../shared/domain/mask';
import ExcelJS from '../../electron/services/excel/exceljs';
import { workerInput } from '../fixtures/env';
import { LONGSHAN, makeTownshipEnv, ZHENAN, type TownshipEnv } from '../fixtures/township';

let t: TownshipEnv;
beforeEach(async () => {
  t = await makeTownshipEnv();
});
afterEach(() => t.close());

type Probe = { [K in ChannelName]: [K, ChannelInput<K>] }[ChannelName];

async function sheetText(base64: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as never);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => out.push(JSON.stringify(row.values))));
  return out.join('\n');
}

describe('a township clerk probing another township’s worker', () => {
  it('gets nothing of them from any worker, archive, voucher or export channel', async () => {
    const { other } = t;
    const voucher = await t.must(t.clerk, 'voucher:issue', { workerId: other.id, ...t.terms() });
    const tell = [other.name, other.idNumber, maskIdNumber(other.idNumber), voucher.serial];
    const today = '2026-11-29';
    const probes: Probe[] = [
      ['worker:get', { id: other.id }],
      ['worker:get', { id: other.id, full: true }],
      ['worker:history', { id: other.id }],
      ['worker:update', { ...workerInput({ idNumber: other.idNumber, townshipCode: ZHENAN }), id: other.id }],
      ['worker:update', { ...workerInput({ idNumber: other.idNumber, townshipCode: LONGSHAN }), id: other.id }],
      ['worker:create', workerInput({ idNumber: other.idNumber, townshipCode: ZHENAN })],
      ['worker:checkId', { idNumber: other.idNumber }],
      ['worker:search', { q: other.name }],
      ['worker:search', { q: other.idNumber }],
      ['worker:search', { q: other.idNumber.slice(0, 14) }],
      ['worker:search', { q: other.idNumber.slice(-4) }],
      ['worker:search', { q: '13812345678' }],
      ['worker:search', { q: '', townshipCode: LONGSHAN }],
      ['archive:get', { id: other.id }],
      ['archive:get', { id: other.id, full: true }],
      [
        'archive:addHonour',
        { workerId: other.id, kind: 'title', name: '技能能手', rank: 'county', award: '一等奖', year: 2025 },
      ],
      ['archive:addEmployment', { workerId: other.id, kind: 'employed', startedOn: today }],
      [
        'archive:addHistoricalTraining',
        {
          workerId: other.id,
          institutionName: '某培训学校',
          occupationCode: '4-10-01-05',
          level: 'L5',
          startDate: '2020-01-01',
          endDate: '2020-02-01',
          hours: 100,
          result: 'passed',
        },
      ],
      [
        'archive:addHistoricalCertificate',
        {
          workerId: other.id,
          type: 'skill_level',
          number: 'S2020999',
          occupationCode: '4-10-01-05',
          level: 'L5',
          issuingBody: '某鉴定所',
          issuedOn: '2020-03-01',
        },
      ],
      ['archive:extract', { workerId: other.id }],
      ['export:archive', { workerId: other.id, fullId: true }],
      ['voucher:check', { workerId: other.id, ...t.terms() }],
      ['voucher:issue', { workerId: other.id, ...t.terms({ occupationCode: '6-31-01-03' }) }],
      ['voucher:batchPreview', { ...t.terms(), selection: { workerIds: [other.id] } }],
      ['voucher:batchPreview', { ...t.terms(), selection: { filter: { townshipCode: LONGSHAN } } }],
      ['voucher:issueBatch', { ...t.terms(), selection: { workerIds: [other.id] } }],
      ['voucher:list', { workerId: other.id }],
      ['voucher:list', { q: other.name }],
      ['voucher:list', { q: voucher.serial }],
      ['voucher:get', { id: voucher.id }],
    ];
    const before = {
      vouchers: await t.count('voucher'),
      honours: await t.count('honour'),
      audit: await t.db.value(`SELECT count(*) FROM audit_log WHERE entity = 'worker' AND entity_id = '${other.id}'`),
    };
    for (const [channel, input] of probes) {
      const r = await t.call(t.station, channel, input as never);
      const text = JSON.stringify(r);
      // A number the clerk typed may come back to them (checked, or masked in a message): not a leak.
      const typed = JSON.stringify(input).includes(other.idNumber);
      for (const s of typed ? [other.name, voucher.serial] : tell)
        expect([channel, input, text.includes(s)]).toEqual([channel, input, false]);
      if (!r.ok) continue;
      // What answered did so with none of them: empty lists, no existing holder, nobody eligible.
      const v = r.value as Record<string, unknown>;
      if ('items' in v) {
        const key = channel === 'worker:search' ? 'id' : 'workerId';
        const ids = (v.items as Record<string, number>[]).map((i) => i[key]);
        expect([channel, input, ids.includes(other.id)]).toEqual([channel, input, false]);
      }
      if ('existing' in v) expect(v).toMatchObject({ existing: null, elsewhere: true });
      if ('eligibleCount' in v) expect([channel, v.eligibleCount]).toEqual([channel, 0]);
      if (channel === 'voucher:issueBatch') {
        const job = r.value as { id: string };
        let state = await t.must(t.station, 'job:get', { id: job.id });
        for (let i = 0; i < 50 && state.state === 'running'; i++) {
          await new Promise((res) => setTimeout(res, 100));
          state = await t.must(t.station, 'job:get', { id: job.id });
        }
        expect(JSON.stringify(state)).not.toContain(other.name);
      }
    }
    expect(await t.count('voucher')).toBe(before.vouchers);
    expect(await t.count('honour')).toBe(before.honours);
    expect(
      await t.db.value(`SELECT count(*) FROM audit_log WHERE entity = 'worker' AND entity_id = '${other.id}'`),
    ).toEqual(before.audit);
    expect((await t.must(t.clerk, 'worker:get', { id: other.id })).name).toBe(other.name);
  });

  it('exports and prints only their own townships’ workers and vouchers', async () => {
    const theirs = await t.must(t.clerk, 'voucher:issue', { workerId: t.other.id, ...t.terms() });
    const mine = await t.must(t.station, 'voucher:issue', { workerId: t.own.id, ...t.terms() });
    for (const fullId of [false, true]) {
      const workers = await sheetText((await t.must(t.station, 'export:workers', { fullId })).base64);
      expect(workers).toContain(t.own.name);
      expect(workers).not.toContain(t.other.name);
      const vouchers = await sheetText((await t.must(t.station, 'export:vouchers', { fullId })).base64);
      expect(vouchers).toContain(mine.serial);
      expect(vouchers).not.toContain(theirs.serial);
    }
    const county = await sheetText((await t.must(t.clerk, 'export:workers', {})).base64);
    expect(county).toContain(t.other.name);
    const job = await t.must(t.station, 'voucher:pdf', { ids: [theirs.id] });
    let state = await t.must(t.station, 'job:get', { id: job.id });
    for (let i = 0; i < 50 && state.state === 'running'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      state = await t.must(t.station, 'job:get', { id: job.id });
    }
    expect(state).toMatchObject({ state: 'failed', error: '没有找到要打印的培训券' });
  });
});
