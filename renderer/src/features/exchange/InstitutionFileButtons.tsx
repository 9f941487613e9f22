import { CloudDownloadOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { saveBlob } from '../../app/download';
import { useFeedback } from '../../app/feedback';
import { useExchange } from './api';
import { datedName, PickFileButton } from './PickFileButton';

export const jsonBlob = (text: string) => new Blob([text], { type: 'application/json' });

/**
 * The institution's side of the exchange: claims (redemptions, attendance, results) go to the
 * bureau on a USB stick; the bureau's status update (revoked, settled) comes back the same way.
 */
export function InstitutionFileButtons() {
  const feedback = useFeedback();
  const { modal } = App.useApp();
  const exportClaims = useExchange('claims:export');
  const importStatus = useExchange('status:import');

  const onExport = () =>
    exportClaims.mutate(
      {},
      {
        onSuccess: ({ text, records }) => {
          const name = datedName('申报包');
          saveBlob(jsonBlob(text), name);
          feedback.success(`已导出 ${name}（${records} 条记录），请交人社局导入`);
        },
        onError: feedback.error,
      },
    );

  const onImport = (text: string) =>
    importStatus.mutate(
      { text },
      {
        onSuccess: (r) =>
          void modal.success({
            title: '状态更新包已导入',
            content: `共 ${r.entries} 条状态，其中作废 ${r.revoked} 张、已结算 ${r.settled} 张。`,
          }),
        onError: feedback.error,
      },
    );

  return (
    <Space wrap>
      <Button icon={<CloudUploadOutlined />} loading={exportClaims.isPending} onClick={onExport}>
        导出申报包
      </Button>
      <PickFileButton
        label="导入状态更新包"
        icon={<CloudDownloadOutlined />}
        loading={importStatus.isPending}
        onText={onImport}
      />
    </Space>
  );
}
