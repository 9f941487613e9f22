import { Alert, Button, Card, List, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../app/api';
import { errorText, useFeedback } from '../../app/feedback';
import { formatTime } from '../../app/format';

/** 数据备份: when the last backup was made, the dated backups in the folder, and a backup now. */
export function BackupCard() {
  const qc = useQueryClient();
  const feedback = useFeedback();
  const status = useQuery({ queryKey: ['backup'], queryFn: () => call('backup:list', {}) });
  const run = useMutation({
    mutationFn: () => call('backup:run', {}),
    onSuccess: (b) => {
      feedback.success(`已备份并校验：${b.file}`);
      void qc.invalidateQueries({ queryKey: ['backup'] });
    },
    onError: (e) => feedback.error(e),
  });
  const s = status.data;
  return (
    <Card
      title="数据备份"
      size="small"
      style={{ maxWidth: 720, marginTop: 16 }}
      extra={
        <Button onClick={() => run.mutate()} loading={run.isPending} disabled={!s?.dir}>
          立即备份
        </Button>
      }
    >
      {status.isError && <Alert type="error" showIcon title={errorText(status.error)} />}
      {s && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {s.dir ? `每天自动备份到 ${s.dir}，保留最近 ${s.keep} 份。` : '尚未设置备份文件夹：请在上方填写后保存。'}
            {s.lastBackupAt ? ` 上次备份：${formatTime(s.lastBackupAt)}` : ' 尚未备份过。'}
          </Typography.Text>
          {s.files.length > 0 && (
            <List
              size="small"
              bordered
              dataSource={s.files}
              renderItem={(f) => (
                <List.Item>
                  <Typography.Text copyable>{f.file}</Typography.Text>
                  <span>{(f.bytes / 1048576).toFixed(1)} MB</span>
                </List.Item>
              )}
            />
          )}
          <Typography.Text type="secondary">
            恢复会替换正在使用的数据库，须先关闭本程序，再由管理员在命令行执行（会先校验备份并保留当前数据库的安全副本）：
            <Typography.Text code copyable>
              {s.restoreCommand}
            </Typography.Text>
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}
