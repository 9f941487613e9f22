import { Alert, Progress, Typography } from 'antd';
import type { Job } from '../../../shared/contract/schemas/voucher';
import { jobPercent } from './jobs';

export function JobProgress({ job }: { job: Job }) {
  if (job.state === 'failed') return <Alert type="error" showIcon title={job.error ?? '任务失败'} />;
  return (
    <div role="status" aria-live="polite">
      <Progress percent={jobPercent(job)} status={job.state === 'done' ? 'success' : 'active'} />
      <Typography.Text type="secondary">
        {job.phase}
        {job.state === 'running' && job.total > 0 && `（${job.done} / ${job.total}）`}
      </Typography.Text>
    </div>
  );
}
