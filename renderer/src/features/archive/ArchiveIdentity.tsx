import { Button, Descriptions, Space, Tag, Tooltip, type DescriptionsProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { EDUCATIONS, EMPLOYMENT_STATUSES, HOUSEHOLD_TYPES, labelOf } from '../../../../shared/catalog/workerOptions';
import type { WorkerView } from '../../../../shared/contract/schemas/worker';
import { formatTime } from '../../app/format';
import { genderLabel, targetGroupLabels } from '../workers/labels';
import { useWorker } from '../workers/api';
import { useCurrentUser } from '../../app/session/sessionContext';

const dash = (v: string | null) => v || '—';
/** A field a roster left out shows as 待补充 rather than as blank. */
const pending = (v: string) => v || <Tag color="orange">待补充</Tag>;

function items(w: WorkerView, reveal: ReactNode): DescriptionsProps['items'] {
  return [
    { key: 'name', label: '姓名', children: w.name },
    {
      key: 'idNumber',
      label: '公民身份号码',
      children: (
        <Space>
          {w.idNumber}
          {w.addressCodeUnlisted && <Tag color="orange">旧地址码</Tag>}
          {reveal}
        </Space>
      ),
    },
    { key: 'gender', label: '性别', children: genderLabel(w.gender) },
    // Masked: the year only (the date is the 8 digits the mask hides); the date with the full view.
    w.birthDate
      ? { key: 'birthDate', label: '出生日期', children: w.birthDate }
      : { key: 'birthDate', label: '出生年份', children: `${w.birthYear} 年` },
    { key: 'ethnicity', label: '民族', children: pending(w.ethnicity ?? '') },
    { key: 'education', label: '文化程度', children: pending(labelOf(EDUCATIONS, w.education)) },
    { key: 'phone', label: '手机号码', children: dash(w.phone) },
    { key: 'township', label: '乡镇', children: w.townshipName },
    { key: 'village', label: '村（社区）', children: dash(w.village) },
    { key: 'address', label: '详细地址', children: dash(w.address) },
    { key: 'householdType', label: '户口性质', children: pending(labelOf(HOUSEHOLD_TYPES, w.householdType)) },
    {
      key: 'employmentStatus',
      label: '就业状态',
      children: pending(labelOf(EMPLOYMENT_STATUSES, w.employmentStatus)),
    },
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

/**
 * Who the archive belongs to: identity and target groups. The ID number and phone arrive masked;
 * a clerk or admin may show them in full, which the server records in the audit log.
 */
export function ArchiveIdentity({ worker }: { worker: WorkerView }) {
  const user = useCurrentUser();
  const [shown, setShown] = useState(false);
  const full = useWorker(shown ? worker.id : 0, true);
  const w =
    shown && full.data
      ? { ...worker, idNumber: full.data.idNumber, phone: full.data.phone, birthDate: full.data.birthDate }
      : worker;
  const reveal =
    worker.masked && !(shown && full.data) && (user.role === 'admin' || user.role === 'clerk') ? (
      <Tooltip title="查看完整身份证号和手机号码（将记入审计日志）">
        <Button size="small" type="link" loading={full.isFetching} onClick={() => setShown(true)}>
          显示完整号码
        </Button>
      </Tooltip>
    ) : null;
  return <Descriptions bordered column={2} size="small" items={items(w, reveal)} />;
}
