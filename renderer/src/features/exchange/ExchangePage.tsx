import { Card } from 'antd';
import { BureauExchange } from './BureauExchange';

/** 机构数据交换: a reviewer's page for the offline institutions' files (an admin's is under 系统管理). */
export function ExchangePage() {
  return (
    <Card title="机构数据交换">
      <BureauExchange />
    </Card>
  );
}
