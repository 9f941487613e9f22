import { Alert, Button, Input } from 'antd';
import { useState } from 'react';
import type { AuditPersonResult } from '../../../../shared/contract/schemas/audit';

/**
 * 按号码核对: the log keeps ID numbers and phones as a mask and a keyed fingerprint only; the admin
 * types a number and the server compares its fingerprint (and, in rows from older versions, the number).
 */
export function AuditPersonBox({ loading, onCheck }: { loading: boolean; onCheck: (value: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <Input.Search
      allowClear
      aria-label="按身份证号或手机号码核对"
      placeholder="按身份证号或手机号码核对"
      enterButton="核对"
      style={{ width: 340 }}
      maxLength={40}
      value={value}
      loading={loading}
      onChange={(e) => setValue(e.target.value)}
      onSearch={(v) => {
        if (v.trim()) onCheck(v.trim());
      }}
    />
  );
}

export function AuditPersonBanner({ result, onClose }: { result: AuditPersonResult; onClose: () => void }) {
  const what = result.kind === 'phone' ? '手机号码' : '身份证号';
  return (
    <Alert
      type={result.total ? 'info' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      title={
        result.total
          ? `审计日志中有 ${result.total} 条记录涉及${what} ${result.masked}`
          : `审计日志中没有涉及${what} ${result.masked} 的记录`
      }
      description={`按密钥指纹 ${result.fingerprint} 比对（旧版本以明文写入的记录按号码本身比对）。本次核对已记入审计日志。`}
      action={
        <Button size="small" onClick={onClose}>
          返回全部日志
        </Button>
      }
    />
  );
}
