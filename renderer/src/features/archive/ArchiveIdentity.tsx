import { Descriptions, Space, Tag, type DescriptionsProps } from 'antd';
import { EDUCATIONS, EMPLOYMENT_STATUSES, HOUSEHOLD_TYPES, labelOf } from '../../../../shared/catalog/workerOptions';
import type { WorkerDetail } from '../../../../shared/contract/schemas/worker';
import { formatTime } from '../../app/format';
import { genderLabel, targetGroupLabels } from '../workers/labels';

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

/** Who the archive belongs to: identity, with the full ID number, and target groups. */
export function ArchiveIdentity({ worker }: { worker: WorkerDetail }) {
  return <Descriptions bordered column={2} size="small" items={items(worker)} />;
}
