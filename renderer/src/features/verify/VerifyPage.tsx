import { ScanOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Typography, type InputRef } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { VerifyResult } from '../../../../shared/contract/schemas/voucher';
import { call } from '../../app/api';
import { errorText } from '../../app/feedback';
import { usePageFocus } from '../../app/usePageFocus';
import { VerdictCard } from './VerdictCard';

interface Verdict {
  result: VerifyResult;
  at: string;
  checkedId: boolean;
}

/**
 * A USB scanner types the QR text quickly and ends with Enter. The text goes to the server
 * exactly as typed: base45 uses spaces and symbols, so nothing is trimmed here. The ID number
 * belongs to one holder, so it is cleared after each verdict.
 */
export function VerifyPage() {
  const [text, setText] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const scanRef = useRef<InputRef>(null);
  usePageFocus(scanRef);

  const selectScan = () => {
    scanRef.current?.focus();
    scanRef.current?.select();
  };

  const verify = useMutation({
    mutationFn: (input: { text: string; idNumber?: string }) => call('voucher:verify', input),
    onSuccess: (result, input) => {
      setVerdict({ result, at: dayjs().format('HH:mm:ss'), checkedId: input.idNumber !== undefined });
      setIdNumber('');
    },
    onSettled: () => setTimeout(selectScan),
  });

  const run = () => {
    if (text === '' || verify.isPending) return;
    const id = idNumber.trim();
    verify.mutate({ text, ...(id ? { idNumber: id } : {}) });
  };

  const onEnter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    e.preventDefault();
    run();
  };

  return (
    <Card title="扫码验券">
      <Typography.Paragraph type="secondary">
        用扫码枪扫描培训券上的二维码，或输入券号、备用码后按
        Enter。需要核对持券人时，先填写身份证号再扫码。扫描档案摘要上的二维码可核验摘要真伪。
      </Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
        <Input
          ref={scanRef}
          size="large"
          aria-label="扫描或输入培训券"
          placeholder="扫描二维码，或输入券号 / 备用码后按 Enter"
          prefix={<ScanOutlined />}
          autoComplete="off"
          spellCheck={false}
          style={{ fontSize: 20, height: 56 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={onEnter}
        />
        <Space wrap>
          <Input
            aria-label="持券人身份证号"
            placeholder="持券人身份证号（选填，用于核对本人）"
            autoComplete="off"
            allowClear
            maxLength={40}
            style={{ width: 360 }}
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
            onPressEnter={onEnter}
          />
          <Button type="primary" size="middle" loading={verify.isPending} disabled={text === ''} onClick={run}>
            核验
          </Button>
        </Space>
      </Space>
      {verify.isError && (
        <Alert type="error" showIcon title={errorText(verify.error)} style={{ marginTop: 24, maxWidth: 900 }} />
      )}
      {verdict && !verify.isError && <VerdictCard {...verdict} />}
    </Card>
  );
}
