import { Alert } from 'antd';
import { needsAttention, useKeyStatus } from './api';

/** Warns before issuing that the signing key is missing or locked, instead of after the attempt. */
export function KeyReadyBanner() {
  const status = useKeyStatus();
  if (!status.data || !needsAttention(status.data)) return null;
  const title = status.data.activeKid
    ? '签名密钥未解锁，暂不能发券：请系统管理员在“系统管理 → 签名密钥”中输入密钥口令解锁'
    : '尚未生成签名密钥，暂不能发券：请系统管理员在“系统管理 → 签名密钥”中生成';
  return <Alert type="warning" showIcon title={title} style={{ marginBottom: 16 }} />;
}
