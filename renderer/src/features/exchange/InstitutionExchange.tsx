import { ExportOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Typography } from 'antd';
import type { InstallMode } from '../../../../shared/contract/schemas/exchange';
import { saveBlob } from '../../app/download';
import { useFeedback } from '../../app/feedback';
import { useExchange } from './api';
import { InstitutionFileButtons, jsonBlob } from './InstitutionFileButtons';
import { datedName } from './PickFileButton';

/** An institution's own install: register with the bureau once, then exchange files regularly. */
export function InstitutionExchange({ mode }: { mode: InstallMode }) {
  const feedback = useFeedback();
  const registration = useExchange('institution:registration');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          { key: 'name', label: '本机构', children: mode.institutionName ?? '—' },
          { key: 'code', label: '机构代码', children: mode.institutionCode ?? '—' },
        ]}
      />
      <Card size="small" title="1. 导出登记文件（只需一次）">
        <Typography.Paragraph type="secondary">
          登记文件含本机的公钥及其密钥编号。导出后交人社局在“数据交换”中导入，人社局才会接受本机构的申报包；更换电脑后请重新导出，人社局会来电核对新的密钥编号。
        </Typography.Paragraph>
        <Button
          icon={<ExportOutlined />}
          loading={registration.isPending}
          onClick={() =>
            registration.mutate(
              {},
              {
                onSuccess: (text) => {
                  const name = datedName(`机构登记-${mode.institutionCode ?? ''}`);
                  saveBlob(jsonBlob(text), name);
                  // The bureau may telephone to check it before it replaces a key in use.
                  const { kid } = JSON.parse(text) as { kid?: string };
                  feedback.success(`已导出 ${name}，请交人社局导入。本机密钥编号：${kid ?? '—'}（人社局可能来电核对）`);
                },
                onError: feedback.error,
              },
            )
          }
        >
          导出登记文件
        </Button>
      </Card>
      <Card size="small" title="2. 申报与状态更新（定期）">
        <Typography.Paragraph type="secondary">
          导出申报包（核销、考勤、结业、证书记录）交人社局；把人社局发来的状态更新包导入本机，已作废的券将不能再核销。
        </Typography.Paragraph>
        <InstitutionFileButtons />
      </Card>
    </Space>
  );
}
