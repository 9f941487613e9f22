// Pinyin in the worker search (issue 16 §1): the key is written with every name, on both engines,
// and workers written before migration 015 get theirs from the housekeeping round.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobCtx, systemCall } from '../../electron/core/callContext';
import { fillPinyinKeys } from '../../electron/services/workerPinyin';
import { makeTestEnv, workerInput, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let clerk: string;
beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
});
afterEach(() => t.close());

const names = async (q: string) =>
  (await t.must(clerk, 'worker:search', { q, page: 1, pageSize: 50 })).items.map((w) => w.name).sort();

describe('worker search by pinyin', () => {
  beforeEach(async () => {
    await t.must(clerk, 'worker:create', workerInput({ seq: 1, name: '杨丽华' }));
    await t.must(clerk, 'worker:create', workerInput({ seq: 2, name: '单田芳' }));
    await t.must(clerk, 'worker:create', workerInput({ seq: 3, name: '李玉' }));
    await t.must(clerk, 'worker:create', workerInput({ seq: 4, name: '吕布' }));
  });

  it('finds a name by its full pinyin, its initials, or the start of either, from any character', async () => {
    expect(await names('yang')).toEqual(['杨丽华']);
    expect(await names('YangLiHua')).toEqual(['杨丽华']);
    expect(await names('ylh')).toEqual(['杨丽华']);
    expect(await names('lihua')).toEqual(['杨丽华']);
    expect(await names('li')).toEqual(['李玉', '杨丽华']);
    // y begins yang (杨) and yu (玉): a word start, not any letter inside (lihua's "y" is not one).
    expect(await names('y')).toEqual(['李玉', '杨丽华']);
    // A surname read as a surname (单 shan, not dan); ü typed as v.
    expect(await names('shan')).toEqual(['单田芳']);
    expect(await names('lv')).toEqual(['吕布']);
    expect(await names('xyz')).toEqual([]);
    // Chinese still matches the name itself.
    expect(await names('丽华')).toEqual(['杨丽华']);
  });

  it('keeps the key in step with a corrected name', async () => {
    const w = (await t.must(clerk, 'worker:search', { q: '李玉', page: 1, pageSize: 5 })).items[0]!;
    const full = await t.must(clerk, 'worker:get', { id: w.id, full: true });
    const { id: _id, masked: _m, ...rest } = full as typeof full & { masked: boolean };
    await t.must(clerk, 'worker:update', {
      ...workerInput({ seq: 3 }),
      idNumber: rest.idNumber,
      id: w.id,
      name: '周玉',
    });
    expect(await names('zhou')).toEqual(['周玉']);
    expect(await names('liyu')).toEqual([]);
    expect(await t.db.value('SELECT name_pinyin FROM worker WHERE id = ?', w.id)).toBe('zhouyu zy yu y');
  });

  it('fills the keys of workers written before the key existed, without touching updated_at', async () => {
    await t.db.run('UPDATE worker SET name_pinyin = NULL');
    const before = await t.db.all('SELECT id, updated_at FROM worker ORDER BY id');
    expect(await names('yang')).toEqual([]);
    const ctx = jobCtx(t.env, systemCall('housekeeping'));
    expect(await fillPinyinKeys(ctx)).toBe(4);
    expect(await fillPinyinKeys(ctx)).toBe(0);
    expect(await names('yang')).toEqual(['杨丽华']);
    expect(await t.db.all('SELECT id, updated_at FROM worker ORDER BY id')).toEqual(before);
  });

  it('refuses a key that is not lower-case letters and spaces (the CHECK of migration 015)', async () => {
    await expect(t.db.run("UPDATE worker SET name_pinyin = 'Yang' WHERE name = '杨丽华'")).rejects.toThrow();
  });
});
