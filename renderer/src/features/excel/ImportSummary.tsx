import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Typography } from 'antd';
import type { ImportResult } from '../../../../shared/contract/schemas/excel';
import { PENDING_LABELS, type PendingField } from '../../../../shared/contract/schemas/worker';
import type { WorkerImportResult } from '../../../../shared/contract/schemas/workerImport';
import { useDownloadArtifact } from './api';

const ERROR_COLUMNS = [
  { title: '行号', dataIndex: 'row', width: 90 },
  { title: '原因', dataIndex: 'reason' },
];

/** Workers registered with fields still to be completed (a roster's import), per field. */
function pendingLine(r: ImportResult & Partial<Pick<WorkerImportResult, 'incomplete' | 'pendingCounts'>>) {
  if (!r.incomplete) return null;
  const per = Object.entries(r.pendingCounts ?? {})
    .map(([f, n]) => `${PENDING_LABELS[f as PendingField]} ${n} 人`)
    .join('、');
  return `其中 ${r.incomplete} 人信息待补充（${per}）：${r.committed ? '已' : '将'}登记并标为“待补充”，发券前须在劳动者信息中补充。`;
}

/** The counts of a checked or imported file and the reason for each refused row. */
export function ImportSummary({ result }: { result: ImportResult | WorkerImportResult }) {
  const download = useDownloadArtifact();
  const valid = result.committed ? result.imported : result.total - result.rejected;
  const counts = `共 ${result.total} 行、${result.committed ? '已导入' : '可导入'} ${valid} 行、有误 ${result.rejected} 行`;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert
        showIcon
        type={result.rejected ? 'warning' : 'success'}
        title={counts}
        description={
          <>
            {result.committed
              ? result.rejected
                ? '有误的行未导入，请改正后再次导入。'
                : undefined
              : valid
                ? `确认后导入 ${valid} 人，有误的行不会导入。`
                : '没有可以导入的行，请按下面的原因修改表格后重新选择。'}
            {pendingLine(result) && <div>{pendingLine(result)}</div>}
          </>
        }
      />
      {result.errors.length > 0 && (
        <>
          <Space wrap>
            <Typography.Text strong>有误的行</Typography.Text>
            {result.errorReportId && (
              <Button
                size="small"
                icon={<DownloadOutlined />}
                loading={download.isPending}
                onClick={() => download.mutate(result.errorReportId!)}
              >
                下载错误报告
              </Button>
            )}
            <Typography.Text type="secondary">错误报告列出这些行的原内容和原因，改正后可再次导入</Typography.Text>
          </Space>
          <Table
            rowKey="row"
            size="small"
            columns={ERROR_COLUMNS}
            dataSource={result.errors}
            pagination={result.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          />
        </>
      )}
    </Space>
  );
}
