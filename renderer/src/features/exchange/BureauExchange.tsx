import { CloudDownloadOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ClaimImportResult } from '../../../../shared/contract/schemas/exchange';
import { saveBlob } from '../../app/download';
import { useFeedback } from '../../app/feedback';
import { useInstitutions } from '../catalog/api';
import { searchByLabel } from '../catalog/labels';
import { useExchange } from './api';
import { ClaimImportView } from './ClaimImportView';
import { InstitutionKeysCard } from './InstitutionKeysCard';
import { jsonBlob } from './InstitutionFileButtons';
import { datedName, PickFileButton } from './PickFileButton';

/** The bureau's side: bind institutions' keys, take in their claims, send back status updates. */
export function BureauExchange() {
  const feedback = useFeedback();
  const importClaims = useExchange('claims:import');
  const exportStatus = useExchange('status:export');
  const [claims, setClaims] = useState<ClaimImportResult | null>(null);
  const institutions = useInstitutions();
  const [statusFor, setStatusFor] = useState<string | undefined>();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <InstitutionKeysCard />
      <Card size="small" title="2. 导入申报包">
        <Typography.Paragraph type="secondary">
          导入机构报来的申报包（核销、考勤、结业、证书记录）。已导入过的记录自动跳过；与本局记录冲突的会列出原因，不会写入。
        </Typography.Paragraph>
        <PickFileButton
          label="导入申报包"
          type="primary"
          icon={<CloudDownloadOutlined />}
          loading={importClaims.isPending}
          onText={(text) =>
            importClaims.mutate(
              { text },
              {
                onSuccess: (r) => {
                  setClaims(r);
                  feedback.success(
                    `申报包已导入：接受 ${r.applied} 条，冲突 ${r.conflicts} 条，重复 ${r.duplicates} 条`,
                  );
                },
                onError: feedback.error,
              },
            )
          }
        />
        {claims && (
          <div style={{ marginTop: 16 }}>
            <ClaimImportView result={claims} />
          </div>
        )}
      </Card>
      <Card size="small" title="3. 导出状态更新包">
        <Typography.Paragraph type="secondary">
          为一个培训机构导出：培训券的作废、结算、过期状态，本局解除的暂扣，以及该机构可核销的券的持券人核验数据（只含这些券，不含身份证号）。交该机构导入，使其离线核销与本局一致。
        </Typography.Paragraph>
        <Space wrap>
          <Select
            aria-label="培训机构"
            placeholder="选择培训机构"
            style={{ minWidth: 280 }}
            showSearch={searchByLabel}
            value={statusFor}
            onChange={setStatusFor}
            options={(institutions.data ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))}
          />
          <Button
            icon={<CloudUploadOutlined />}
            disabled={!statusFor}
            loading={exportStatus.isPending}
            onClick={() =>
              statusFor &&
              exportStatus.mutate(
                { institutionCode: statusFor },
                {
                  onSuccess: ({ text, entries, holders, institutionCode }) => {
                    const name = datedName(`状态更新包-${institutionCode}`);
                    saveBlob(jsonBlob(text), name);
                    feedback.success(`已导出 ${name}（${entries} 条状态，${holders} 张券的持券人核验数据）`);
                  },
                  onError: feedback.error,
                },
              )
            }
          >
            导出状态更新包
          </Button>
        </Space>
      </Card>
    </Space>
  );
}
