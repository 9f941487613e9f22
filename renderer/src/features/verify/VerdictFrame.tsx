import { Card, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import type { VerifyResult } from '../../../../shared/contract/schemas/voucher';

/**
 * The frame of every verdict (a voucher, an archive extract): green or red at a glance, announced
 * to screen readers, the headline, one line of context, then what the QR vouches for.
 */
export function VerdictFrame(p: {
  result: VerifyResult;
  headline: string;
  level: 1 | 2;
  lines: string[];
  /** 'info' for a genuine voucher that has been used: neither a pass nor a forgery. */
  tone?: 'info';
  children: ReactNode;
}) {
  const { token } = theme.useToken();
  const info = p.tone === 'info';
  const color = info ? token.colorInfo : p.result.valid ? token.colorSuccess : token.colorError;
  const background = info ? token.colorInfoBg : p.result.valid ? token.colorSuccessBg : token.colorErrorBg;
  return (
    <Card
      role="status"
      aria-live={info ? 'polite' : 'assertive'}
      style={{
        marginTop: 24,
        borderColor: color,
        borderWidth: 2,
        background,
      }}
    >
      <Typography.Title
        level={p.level}
        style={{ margin: 0, color }}
        data-verdict={p.result.valid ? 'valid' : p.result.reason}
      >
        {p.headline}
      </Typography.Title>
      <Typography.Text type="secondary">{p.lines.join('　')}</Typography.Text>
      {p.children}
    </Card>
  );
}
