import { Descriptions } from 'antd';
import type { ExtractSummary, VerifyResult } from '../../../../shared/contract/schemas/voucher';
import { maskName } from '../../../../shared/domain/mask';
import { VerdictFrame } from './VerdictFrame';

function ExtractFields({ x }: { x: ExtractSummary }) {
  return (
    <Descriptions
      bordered
      column={2}
      size="middle"
      style={{ marginTop: 16 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={[
        { key: 'number', label: '摘要编号', children: x.number },
        { key: 'holder', label: '持有人', children: `${maskName(x.holderName)}（身份证尾号 ${x.idLast4}）` },
        { key: 'generatedOn', label: '生成日期', children: x.generatedOn },
        { key: 'trainings', label: '培训记录', children: `${x.trainings} 条` },
        { key: 'certificates', label: '证书', children: `${x.certificates} 本` },
        { key: 'subsidies', label: '培训补贴', children: `${x.subsidies} 笔` },
        { key: 'honours', label: '竞赛与荣誉', children: `${x.honours} 项` },
      ]}
    />
  );
}

/** The verdict on a printed 档案摘要: authentic and unchanged, or why not, with what the QR vouches for. */
export function ExtractVerdict({ result, at }: { result: VerifyResult; at: string }) {
  return (
    <VerdictFrame
      result={result}
      level={2}
      headline={result.valid ? '✓ 档案摘要真实有效，内容未被改动' : `✗ ${result.message}`}
      lines={[result.valid ? '请核对纸面内容与下列数目一致' : '此档案摘要不可作为证明使用', `核验时间 ${at}`]}
    >
      {result.extract && <ExtractFields x={result.extract} />}
    </VerdictFrame>
  );
}
