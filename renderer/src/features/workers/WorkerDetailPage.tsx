import { ArrowLeftOutlined, EditOutlined, FileAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Tag } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { EDUCATIONS, EMPLOYMENT_STATUSES, HOUSEHOLD_TYPES, labelOf } from '../../../../shared/catalog/workerOptions';
import type { WorkerDetail } from '../../../../shared/contract/schemas/worker';
import { errorText } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useCurrentUser } from '../../app/session/sessionContext';
import { useHotkey } from '../../app/useHotkey';
import { canIssueVouchers } from '../vouchers/access';
import { WorkerVouchers } from '../vouchers/WorkerVouchers';
import { canEditWorkers } from './access';
import { useWorker } from './api';
import { genderLabel, targetGroupLabels } from './labels';
import { WorkerHistory } from './WorkerHistory';

const dash = (v: string | null) => v || '—';

function items(w: WorkerDetail): DescriptionsProps['items'] {
  return [
    { key: 'name', label: '姓名', children: w.name },
    {
      key: 'idNumber',
      label: '公民身份号码',
      children: (
        <Space>
          {w.idNumber}
          {w.addressCodeUnlisted && <Tag color="orange">旧地址码</Tag>}
        </Space>
      ),
    },
    { key: 'gender', label: '性别', children: genderLabel(w.gender) },
    { key: 'birthDate', label: '出生日期', children: w.birthDate },
    { key: 'ethnicity', label: '民族', children: w.ethnicity },
    { key: 'education', label: '文化程度', children: labelOf(EDUCATIONS, w.education) },
    { key: 'phone', label: '手机号码', children: dash(w.phone) },
    { key: 'township', label: '乡镇', children: w.townshipName },
    { key: 'village', label: '村（社区）', children: dash(w.village) },
    { key: 'address', label: '详细地址', children: dash(w.address) },
    { key: 'householdType', label: '户口性质', children: labelOf(HOUSEHOLD_TYPES, w.householdType) },
    { key: 'employmentStatus', label: '就业状态', children: labelOf(EMPLOYMENT_STATUSES, w.employmentStatus) },
    {
      key: 'targetGroups',
      label: '重点群体',
      span: 2,
      children: w.targetGroups.length ? targetGroupLabels(w.targetGroups).map((l) => <Tag key={l}>{l}</Tag>) : '—',
    },
    { key: 'createdAt', label: '登记时间', children: formatTime(w.createdAt) },
    { key: 'updatedAt', label: '最后修改', children: formatTime(w.updatedAt) },
  ];
}

export function WorkerDetailPage() {
  const { id } = useParams();
  const workerId = Number(id);
  const valid = Number.isInteger(workerId) && workerId > 0;
  const user = useCurrentUser();
  const navigate = useNavigate();
  const worker = useWorker(valid ? workerId : 0);
  const canEdit = canEditWorkers(user.role);
  const location = useLocation();
  const canIssue = canIssueVouchers(user.role);
  const edit = () => navigate(`/workers/${workerId}/edit`);
  const issue = () => navigate(`/vouchers/issue?workerId=${workerId}`);
  const back = () => (location.key !== 'default' ? navigate(-1) : navigate('/workers'));
  useHotkey({ code: 'KeyE', alt: true }, edit, canEdit && worker.isSuccess);
  useHotkey({ code: 'KeyN', alt: true }, () => navigate('/workers/new'), canEdit);
  useHotkey({ code: 'KeyV', alt: true }, issue, canIssue && worker.isSuccess);

  if (!valid) return <Result status="404" title="劳动者不存在" />;
  if (worker.isPending) return <Spin />;
  if (worker.isError) return <Alert type="error" showIcon title={errorText(worker.error)} />;

  return (
    <>
      <Card
        title={`劳动者档案：${worker.data.name}`}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={back}>
              返回
            </Button>
            {canEdit && (
              <Button icon={<EditOutlined />} onClick={edit} title="快捷键 Alt+E">
                编辑
              </Button>
            )}
            {canIssue && (
              <Button type="primary" icon={<FileAddOutlined />} onClick={issue} title="快捷键 Alt+V">
                发放培训券
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions bordered column={2} size="middle" items={items(worker.data)} />
      </Card>
      <WorkerVouchers workerId={workerId} />
      <WorkerHistory workerId={workerId} />
    </>
  );
}
