import { Descriptions } from 'antd';
import { Link } from 'react-router-dom';
import type { VerifyResult } from '../../../../shared/contract/schemas/voucher';
import { maskName } from '../../../../shared/domain/mask';
import { formatAmount } from '../../app/format';
import { levelLabel } from '../catalog/labels';
import { StatusTag } from '../vouchers/labels';
import { ExtractVerdict } from './ExtractVerdict';
import { VerdictFrame } from './VerdictFrame';

export function VoucherFields({ serial, v }: { serial: string | null; v: NonNullable<VerifyResult['voucher']> }) {
  const occupation = v.occupationName ? `${v.occupationName}（${v.occupationCode}）` : v.occupationCode;
  const institution = v.institutionName ?? (v.institutionId === null ? '不限' : `机构编号 ${v.institutionId}`);
  return (
    <Descriptions
      bordered
      column={2}
      size="middle"
      style={{ marginTop: 16 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={[
        { key: 'serial', label: '券号', children: serial ?? '—' },
        { key: 'holder', label: '持券人', children: `${maskName(v.holderName)}（身份证尾号 ${v.idLast4}）` },
        { key: 'plan', label: '培训计划', children: v.planName ?? `计划编号 ${v.planId}` },
        { key: 'occupation', label: '职业（工种）', children: occupation },
        { key: 'level', label: '技能等级', children: levelLabel(v.level) },
        { key: 'amount', label: '补贴金额', children: formatAmount(v.amountFen) },
        { key: 'validity', label: '有效期', children: `${v.issueDate} 至 ${v.expiryDate}` },
        { key: 'institution', label: '定向培训机构', children: institution },
        ...(v.status ? [{ key: 'status', label: '当前状态', children: <StatusTag status={v.status} /> }] : []),
      ]}
    />
  );
}

/** A genuine voucher already redeemed, in training or settled: information about it, not a failure. */
function UsedVerdict({ result, at }: { result: VerifyResult; at: string }) {
  return (
    <VerdictFrame
      result={result}
      level={2}
      tone="info"
      headline="ℹ 此券为本局签发的真券，已经使用"
      lines={[result.message, `核验时间 ${at}`]}
    >
      {result.voucher && <VoucherFields serial={result.serial} v={result.voucher} />}
      {result.voucherId != null && (
        <div style={{ marginTop: 12 }}>
          <Link to={`/vouchers/${result.voucherId}`}>查看此券的详情与记录</Link>
        </div>
      )}
    </VerdictFrame>
  );
}

export function VerdictCard({ result, at, checkedId }: { result: VerifyResult; at: string; checkedId: boolean }) {
  if (result.kind === 'extract') return <ExtractVerdict result={result} at={at} />;
  if (result.reason === 'already_used') return <UsedVerdict result={result} at={at} />;
  return (
    <VerdictFrame
      result={result}
      level={1}
      headline={result.valid ? '✓ 有效' : `✗ ${result.message}`}
      lines={[
        result.valid ? result.message : '此券不能使用',
        ...(checkedId && result.valid ? ['已核对持券人身份证号'] : []),
        `核验时间 ${at}`,
      ]}
    >
      {result.voucher && <VoucherFields serial={result.serial} v={result.voucher} />}
    </VerdictFrame>
  );
}
