import { Alert, Button, InputNumber, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { skillLevel } from '../../../../shared/catalog/skillLevels';
import type { LevelHours } from '../../../../shared/contract/schemas/catalog';
import { errorText, useFeedback } from '../../app/feedback';
import { useCatalogSave, useLevelHours } from '../catalog/api';

function HoursEditor({ row }: { row: LevelHours }) {
  const save = useCatalogSave('catalog:levelHoursSave');
  const feedback = useFeedback();
  const [value, setValue] = useState<number | null>(row.minHours);
  const label = skillLevel(row.level)?.label ?? row.level;
  return (
    <Space>
      <InputNumber
        aria-label={`${label}最低学时`}
        min={1}
        max={2000}
        precision={0}
        value={value}
        onChange={setValue}
        addonAfter="小时"
        style={{ width: 160 }}
      />
      <Button
        disabled={value === null || value === row.minHours}
        loading={save.isPending}
        onClick={() =>
          value !== null &&
          save.mutate(
            { level: row.level, minHours: value },
            { onSuccess: () => feedback.success(`${label}最低学时已改为 ${value} 小时`), onError: feedback.error },
          )
        }
      >
        保存
      </Button>
    </Space>
  );
}

/** 最低学时: the fewest planned hours a class of each level may have (the bureau's own rule). */
export function LevelHoursTab() {
  const hours = useLevelHours();
  const columns: ColumnsType<LevelHours> = [
    { title: '技能等级', dataIndex: 'level', width: 220, render: (l: string) => skillLevel(l)?.label ?? l },
    { title: '最低学时', key: 'hours', render: (_, row) => <HoursEditor key={row.minHours} row={row} /> },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">
        开班时计划学时不得少于所选等级的最低学时；结业时的出勤率按计划学时与最低学时中较多者计算。默认值参照外省补贴性培训的课时要求（初级工不少于
        40 课时，中级工及以上不少于 56 课时），请按本地规定修改。修改记入审计日志。
      </Typography.Paragraph>
      {hours.isError && <Alert type="error" showIcon title={errorText(hours.error)} style={{ marginBottom: 16 }} />}
      <Table<LevelHours>
        rowKey="level"
        size="middle"
        columns={columns}
        dataSource={hours.data}
        loading={hours.isFetching}
        pagination={false}
      />
    </>
  );
}
