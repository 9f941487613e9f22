import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useSession } from './sessionContext';

export const SYSTEM_NAME = '职业培训电子券与档案';

export function systemTitle(jurisdiction: string): string {
  return `${jurisdiction || '龙陵县'}${SYSTEM_NAME}`;
}

export function AuthLayout({ subtitle, children }: { subtitle: string; children: ReactNode }) {
  const { jurisdiction } = useSession();
  return (
    <div
      style={{
        minHeight: '100%',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f0f2f5',
      }}
    >
      <Card style={{ width: 400 }}>
        <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 0 }}>
          {systemTitle(jurisdiction)}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {subtitle}
        </Typography.Paragraph>
        {children}
      </Card>
    </div>
  );
}
