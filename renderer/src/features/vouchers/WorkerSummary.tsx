import { Descriptions, Tag } from 'antd';
import type { WorkerView } from '../../../../shared/contract/schemas/worker';
import { maskIdNumber } from '../../../../shared/domain/mask';
import { genderLabel, targetGroupLabels } from '../workers/labels';

export function WorkerSummary({ worker }: { worker: WorkerView }) {
  const groups = targetGroupLabels(worker.targetGroups);
  return (
    <Descriptions
      size="small"
      bordered
      column={3}
      items={[
        { key: 'name', label: '姓名', children: worker.name },
        { key: 'id', label: '身份证号', children: maskIdNumber(worker.idNumber) },
        { key: 'gender', label: '性别', children: genderLabel(worker.gender) },
        { key: 'birth', label: '出生年份', children: `${worker.birthYear} 年` },
        { key: 'township', label: '乡镇', children: worker.townshipName },
        {
          key: 'groups',
          label: '重点群体',
          children: groups.length ? groups.map((g) => <Tag key={g}>{g}</Tag>) : '—',
        },
      ]}
    />
  );
}
