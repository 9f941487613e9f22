import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Typography } from 'antd';
import type { ImportResult } from '../../../../shared/contract/schemas/excel';
import { useDownloadArtifact } from './api';

const ERROR_COLUMNS = [
  { title: '行号', dataIndex: 'row', width: 90 },
  { title: '原因', dataIndex: 'reason' },
];

/** The counts of a checked or imported file and the reason for each refused row. */
export function ImportSummary({ result }: { result: ImportResult }) {
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
          result.committed
            ? result.rejected
              ? '有误的行未导入，请改正后再次导入。'
              : undefined
            : valid
              ? `确认后导入 ${valid} 人，有误的行不会导入。`
              : '没有可以导入的行，请按下面的原因修改表格后重新选择。'
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
