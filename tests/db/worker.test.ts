import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { makeTestEnv, workerInput, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let clerk: string;
beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
});
afterEach(() => t.close());

describe('worker registration', () => {
  it('registers a worker, deriving gender and birth date from the ID number', async () => {
    const w = await t.must(
      clerk,
      'worker:create',
      workerInput({ seq: 124, targetGroups: ['forest_ranger', 'rural_labor', 'forest_ranger'] }),
    );
    expect(w).toMatchObject({
      idNumber: makeId('530523', '19900101', 124),
      gender: 'F',
      birthDate: '1990-01-01',
      townshipName: '龙山镇',
      targetGroups: expect.arrayContaining(['forest_ranger', 'rural_labor']),
    });
    expect(w.targetGroups).toHaveLength(2);
  });

  it('normalises a lower-case x and converts a 15-digit number', async () => {
    const w = await t.must(clerk, 'worker:create', workerInput({ idNumber: '530523850101123' }));
    expect(w.idNumber).toBe(makeId('530523', '19850101', 123));
  });

  it('refuses a duplicate ID number, links to the existing worker and overwrites nothing', async () => {
    const first = await t.must(clerk, 'worker:create', workerInput({ name: '张三' }));
    const r = await t.call(clerk, 'worker:create', workerInput({ name: '李四', phone: '13900000000' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    expect(r.error.message).toMatch(
      new RegExp(
        `^公民身份号码 530523\\*{8}${first.idNumber.slice(14)} 已登记（姓名：张三，由 clerk1 于 [-\\d :]{16} 登记），不能重复登记$`,
      ),
    );
    expect(r.error.detail).toEqual({ workerId: first.id, name: '张三' });
    expect(await t.must(clerk, 'worker:get', { id: first.id, full: true })).toMatchObject({
      name: '张三',
      phone: '13812345678',
    });
  });

  it('refuses an unknown township and unknown option codes', async () => {
    const r = await t.call(clerk, 'worker:create', workerInput({ townshipCode: '530523999' }));
    expect(r.ok ? null : r.error.fields).toEqual({ townshipCode: '所选乡镇不存在' });
    const e = await t.call(clerk, 'worker:create', { ...workerInput(), ethnicity: '火星族' } as never);
    expect(e.ok ? null : e.error.fields?.ethnicity).toBe('请选择民族');
  });

  it('keeps an old address code only when the clerk confirms it, and marks the worker', async () => {
    const old = makeId('532101', '19700101', 11);
    const r = await t.call(clerk, 'worker:create', workerInput({ idNumber: old }));
    expect(r.ok ? null : r.error.fields?.idNumber).toMatch(/不在现行行政区划代码表中/);
    const w = await t.must(clerk, 'worker:create', workerInput({ idNumber: old, allowUnlistedAddress: true }));
    expect(w.addressCodeUnlisted).toBe(true);
  });

  it('checks an ID number as it is typed and reports an existing registration', async () => {
    const w = await t.must(clerk, 'worker:create', workerInput());
    expect(await t.must(clerk, 'worker:checkId', { idNumber: w.idNumber })).toMatchObject({
      ok: true,
      region: '云南省保山市龙陵县',
      existing: { id: w.id, name: '张三' },
    });
    expect(await t.must(clerk, 'worker:checkId', { idNumber: '11010519491231002x' })).toMatchObject({
      ok: true,
      existing: null,
    });
    expect(await t.must(clerk, 'worker:checkId', { idNumber: '110105194912310021' })).toMatchObject({
      ok: false,
      code: 'CHECK_DIGIT',
    });
  });

  it('finds workers by the last 4 digits, an ID prefix, a name or a phone, with paging and masking', async () => {
    for (let i = 0; i < 25; i++) {
      await t.must(
        clerk,
        'worker:create',
        workerInput({
          seq: 200 + i,
          name: i === 7 ? '杨䶮' : `工人${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]}`,
          phone: `1391234${String(5000 + i)}`,
        }),
      );
    }
    const target = makeId('530523', '19900101', 207);
    const byTail = await t.must(clerk, 'worker:search', { q: target.slice(-4) });
    expect(byTail.items.map((w) => w.name)).toContain('杨䶮');
    expect(byTail.items.every((w) => w.idNumberMasked.endsWith(target.slice(-4)))).toBe(true);
    expect(byTail.items[0]!.idNumberMasked).toBe(`530523********${target.slice(-4)}`);
    expect(JSON.stringify(byTail)).not.toContain(target);
    expect((await t.must(clerk, 'worker:search', { q: '䶮' })).items.map((w) => w.name)).toEqual(['杨䶮']);
    expect((await t.must(clerk, 'worker:search', { q: '13912345007' })).items.map((w) => w.name)).toEqual(['杨䶮']);
    expect((await t.must(clerk, 'worker:search', { q: target.slice(0, 12) })).total).toBe(25);
    const page2 = await t.must(clerk, 'worker:search', { q: '', page: 2, pageSize: 10 });
    expect(page2).toMatchObject({ total: 25, page: 2, pageSize: 10 });
    expect(page2.items).toHaveLength(10);
    expect(page2.items[0]!.phoneMasked).toMatch(/^139\*{4}\d{4}$/);
    expect((await t.must(clerk, 'worker:search', { q: '%' })).total).toBe(0);
  });

  it('finds names of two characters or more through the bigram index, and only what the name holds', async () => {
    const names = ['李华', '李华英', '张李华', '华李', '李小华', '欧阳华李', '华', '王阳华李'];
    const ids: number[] = [];
    for (const [i, name] of names.entries())
      ids.push(
        (await t.must(clerk, 'worker:create', workerInput({ seq: 300 + i, name, phone: `1370000${1000 + i}` }))).id,
      );
    const found = async (q: string) =>
      (await t.must(clerk, 'worker:search', { q })).items.map((w) => w.name).sort((a, b) => a.localeCompare(b, 'zh'));
    const sorted = (xs: string[]) => xs.sort((a, b) => a.localeCompare(b, 'zh'));
    expect(await found('李华')).toEqual(sorted(['李华', '李华英', '张李华']));
    expect(await found('华李')).toEqual(sorted(['华李', '欧阳华李', '王阳华李']));
    // 王阳华李 holds the last two bigrams of 欧阳华李 but not the whole name: the LIKE keeps it out.
    expect(await found('欧阳华李')).toEqual(['欧阳华李']);
    expect(await found('阳华李')).toEqual(sorted(['欧阳华李', '王阳华李']));
    // Both bigrams are in 李华李 's neighbours, but no name holds the whole query.
    expect(await found('李华李')).toEqual([]);
    // One character scans: it finds names of one character too.
    expect(await found('华')).toHaveLength(8);
    // A rename moves the name's bigrams: found by the new name only.
    const renamed = ids[4]!;
    await t.must(clerk, 'worker:update', {
      ...workerInput({ seq: 304, name: '王小明', phone: '13700001004' }),
      id: renamed,
    });
    expect(await found('小华')).toEqual([]);
    expect(await found('小明')).toEqual(['王小明']);
    const grams = await t.db.column<string>(
      `SELECT gram FROM worker_name_gram WHERE worker_id = ${renamed} ORDER BY gram`,
    );
    expect(grams.sort()).toEqual(['小明', '王小'].sort());
    // The last four digits of a phone, through its own index.
    expect(await found('1003')).toEqual(['华李']);
  });

  it('counts the matches of a full page, and knows the total of a page that is not full', async () => {
    for (let i = 0; i < 23; i++)
      await t.must(
        clerk,
        'worker:create',
        workerInput({ seq: 400 + i, name: `赵钱${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]}` }),
      );
    const page = (p: number) => t.must(clerk, 'worker:search', { q: '赵钱', page: p, pageSize: 10 });
    expect((await page(1)).total).toBe(23);
    expect(await page(3)).toMatchObject({ total: 23, page: 3 });
    expect((await page(3)).items).toHaveLength(3);
    expect((await page(4)).total).toBe(23);
    expect((await t.must(clerk, 'worker:search', { q: '赵钱甲一' })).total).toBe(1);
    expect((await t.must(clerk, 'worker:search', { q: '钱赵' })).total).toBe(0);
  });

  it('keeps the history of edits through the audit trail', async () => {
    const w = await t.must(clerk, 'worker:create', workerInput());
    t.clock.advance(60_000);
    await t.must(clerk, 'worker:update', { ...workerInput({ name: '张三丰', phone: '13700000000' }), id: w.id });
    const history = await t.must(clerk, 'worker:history', { id: w.id });
    expect(history.map((h) => h.action)).toEqual(['update', 'create']);
    // The audit trail keeps phones masked, with a keyed fingerprint that shows they differ.
    expect(history[0]).toMatchObject({
      username: 'clerk1',
      before: { name: '张三', phone: '138****5678', phoneFp: t.env.secrets.fingerprint('13812345678') },
      after: { name: '张三丰', phone: '137****0000', phoneFp: t.env.secrets.fingerprint('13700000000') },
    });
  });

  it('refuses changing an ID number to one that belongs to someone else', async () => {
    const a = await t.must(clerk, 'worker:create', workerInput({ seq: 1 }));
    const b = await t.must(clerk, 'worker:create', workerInput({ seq: 2, name: '李四' }));
    const r = await t.call(clerk, 'worker:update', {
      ...workerInput({ idNumber: a.idNumber, name: '李四' }),
      id: b.id,
    });
    expect(r.ok ? null : r.error.code).toBe('CONFLICT');
  });
});
