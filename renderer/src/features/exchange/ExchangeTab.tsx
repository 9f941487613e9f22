import { Alert, Space, Spin } from 'antd';
import { errorText } from '../../app/feedback';
import { useKeyStatus } from '../keys/api';
import { useInstallMode } from './api';
import { BureauExchange } from './BureauExchange';
import { InstitutionExchange } from './InstitutionExchange';
import { InstitutionSetupCard } from './InstitutionSetupCard';

/** 系统管理 → 数据交换: the files between the bureau and the institutions' offline installs. */
export function ExchangeTab() {
  const mode = useInstallMode();
  const keys = useKeyStatus();
  if (mode.isPending || keys.isPending) return <Spin />;
  if (mode.isError) return <Alert type="error" showIcon title={errorText(mode.error)} />;
  if (mode.data.installMode === 'institution') return <InstitutionExchange mode={mode.data} />;
  // A bureau install that has not made its signing key yet may still become an institution's.
  const fresh = keys.data?.keys.length === 0;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <BureauExchange />
      {fresh && <InstitutionSetupCard osProtection={keys.data?.osProtection ?? false} />}
    </Space>
  );
}
