import { IdcardOutlined, LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space } from 'antd';
import { useState } from 'react';
import type { SignAllResult } from '../../../../shared/contract/schemas/attendance';
import { useFeedback } from '../../app/feedback';
import { useTrainingMutation } from './api';

/** 全班签到 / 全班签退 and 刷身份证签到 for one class; who was left out stays visible with why. */
export function AttendanceToolbar({ classUid }: { classUid: string }) {
  const feedback = useFeedback();
  const signAll = useTrainingMutation('attendance:signAll');
  const signById = useTrainingMutation('attendance:signById');
  const [idText, setIdText] = useState('');
  const [result, setResult] = useState<SignAllResult | null>(null);

  const all = (action: 'in' | 'out') =>
    signAll.mutate(
      { classUid, action },
      {
        onSuccess: (r) => {
          setResult(r);
          feedback.success(
            `${action === 'in' ? '全班签到' : '全班签退'}：已为 ${r.done} 名学员${action === 'in' ? '签到' : '签退'}`,
          );
        },
        onError: feedback.error,
      },
    );

  // An ID card reader types the number and Enter: the box clears at once for the next trainee.
  const byId = () => {
    const idNumber = idText.trim();
    if (!idNumber) return;
    setIdText('');
    signById.mutate(
      { classUid, idNumber },
      {
        onSuccess: (r) =>
          feedback.success(
            `${r.entry.holderName}（尾号 ${r.entry.idLast4}）${r.action === 'in' ? '已签到' : '已签退'}`,
          ),
        onError: feedback.error,
      },
    );
  };

  return (
    <div style={{ marginBottom: 16 }}>
      <Space wrap>
        <Button
          icon={<LoginOutlined />}
          loading={signAll.isPending && signAll.variables?.action === 'in'}
          onClick={() => all('in')}
        >
          全班签到
        </Button>
        <Button
          icon={<LogoutOutlined />}
          loading={signAll.isPending && signAll.variables?.action === 'out'}
          onClick={() => all('out')}
        >
          全班签退
        </Button>
        <Input
          aria-label="刷身份证签到"
          placeholder="刷身份证或输入身份证号后按回车：第一次签到，再刷签退"
          prefix={<IdcardOutlined />}
          style={{ width: 420 }}
          maxLength={40}
          value={idText}
          onChange={(e) => setIdText(e.target.value)}
          onPressEnter={byId}
        />
      </Space>
      {result && result.skipped.length > 0 && (
        <Alert
          type="info"
          showIcon
          closable
          onClose={() => setResult(null)}
          style={{ marginTop: 12 }}
          title={`${result.date} ${result.action === 'in' ? '全班签到' : '全班签退'}：${result.done} 人完成，${result.skipped.length} 人未处理`}
          description={result.skipped.map((s) => `${s.holderName}（${s.serial}）：${s.why}`).join('；')}
        />
      )}
    </div>
  );
}
