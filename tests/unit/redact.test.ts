// The audit log's redaction (shared/domain/redact.ts) and how 修改记录 reads redacted rows.
import { describe, expect, it } from 'vitest';
import { changesOf } from '../../renderer/src/features/workers/historyDiff';
import type { AuditRow } from '../../shared/contract/schemas/audit';
import { maskIdNumber } from '../../shared/domain/mask';
import { redactPersonal, redactText } from '../../shared/domain/redact';
import { makeId } from '../fixtures/ids';

const fp = (v: string) => `fp(${v})`;
const id = makeId('530523', '19900101', 123);
const masked = maskIdNumber(id);

describe('redactPersonal', () => {
  it('keeps an ID number or a mobile as mask and fingerprint, and a birth date as its year', () => {
    expect(redactPersonal({ idNumber: id, phone: '13812345678', birthDate: '1990-01-01', name: '张三' }, fp)).toEqual({
      idNumber: masked,
      idNumberFp: `fp(${id})`,
      phone: '138****5678',
      phoneFp: 'fp(13812345678)',
      birthYear: 1990,
      name: '张三',
    });
    expect(redactPersonal({ idNumber: '53052319900101123x' }, fp)).toMatchObject({
      idNumberFp: 'fp(53052319900101123X)',
    });
  });

  it('masks numbers standing alone in any text, nested or in arrays, and leaves hashes and serials alone', () => {
    const hash = 'ab13812345678cd530523199001011234ef';
    expect(redactPersonal({ reason: `持券人 ${id} 电话13812345678`, list: [[id]], hash }, fp)).toEqual({
      reason: `持券人 ${masked} 电话138****5678`,
      list: [[masked]],
      hash,
    });
    expect(redactText('530523-2026-000123-7 S0000530523000001')).toBe('530523-2026-000123-7 S0000530523000001');
    // A payment reference or certificate number that is not an ID number stays as typed.
    expect(redactText('凭证号 202611290000123，证书 530523202613990001')).toBe(
      '凭证号 202611290000123，证书 530523202613990001',
    );
    expect(redactText('旧号码 530523900101123')).toBe('旧号码 ***********1123');
    expect(redactPersonal({ contactPhone: '0875-6121234', at: new Date('2026-01-02T00:00:00Z') }, fp)).toEqual({
      contactPhone: '0875-6121234',
      at: '2026-01-02T00:00:00.000Z',
    });
  });

  it('leaves what it already redacted unchanged', () => {
    const once = redactPersonal({ idNumber: id, phone: '13812345678', birthDate: '1990-01-01' }, fp);
    expect(redactPersonal(once, fp)).toEqual(once);
  });
});

describe('修改记录 of redacted rows', () => {
  const row = (before: unknown, after: unknown): AuditRow => ({
    id: 1,
    at: '',
    userId: null,
    username: null,
    displayName: null,
    channel: 'worker:update',
    action: 'update',
    entity: 'worker',
    entityId: '1',
    before,
    after,
  });

  it('shows a corrected number whose mask did not change', () => {
    const r = row(
      { idNumber: '530523********1234', idNumberFp: 'a' },
      { idNumber: '530523********1234', idNumberFp: 'b' },
    );
    expect(changesOf(r)).toEqual([
      { label: '公民身份号码', before: '530523********1234', after: '530523********1234（号码已更改，隐去部分不同）' },
    ]);
    expect(changesOf(row({ phone: '138****5678', phoneFp: 'a' }, { phone: '138****5678', phoneFp: 'a' }))).toEqual([]);
  });
});
