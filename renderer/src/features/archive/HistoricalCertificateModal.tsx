import { Alert, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { SkillLevelCode } from '../../../../shared/catalog/skillLevels';
import type { CERTIFICATE_TYPES } from '../../../../shared/contract/schemas/training';
import { FormModal } from '../admin/FormModal';
import { useOccupations } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel, searchByLabel } from '../catalog/labels';
import { DAY } from '../training/ClassFormModal';
import { useRecordSubmit } from '../training/useRecordSubmit';
import { useArchiveAdd } from './api';
import { CERTIFICATE_TYPE_OPTIONS } from './labels';

interface Values {
  type: (typeof CERTIFICATE_TYPES)[number]['code'];
  number: string;
  occupationCode: string;
  level: SkillLevelCode;
  issuingBody: string;
  issuedOn: Dayjs;
}

interface Props {
  workerId: number;
  open: boolean;
  onClose: () => void;
}

/** 补录证书: a certificate obtained before the system, copied from the paper original. */
export function HistoricalCertificateModal({ workerId, open, onClose }: Props) {
  const occupations = useOccupations();
  const add = useArchiveAdd('archive:addHistoricalCertificate');
  const { error, handlers, close } = useRecordSubmit('证书已补录', onClose);
  return (
    <FormModal<Values>
      title="补录证书"
      open={open}
      pending={add.isPending}
      width={560}
      initialValues={{ type: 'skill_level', level: 'L5' }}
      onClose={close}
      onSubmit={(v, form) =>
        add.mutate(
          {
            workerId,
            type: v.type,
            number: v.number.trim(),
            occupationCode: v.occupationCode,
            level: v.level,
            issuingBody: v.issuingBody.trim(),
            issuedOn: v.issuedOn.format(DAY),
          },
          handlers(form),
        )
      }
    >
      <Form.Item label="证书类型" name="type" rules={[{ required: true, message: '请选择证书类型' }]}>
        <Select showSearch={searchByLabel} options={CERTIFICATE_TYPE_OPTIONS} />
      </Form.Item>
      <Form.Item
        label="证书编号"
        name="number"
        rules={[{ required: true, whitespace: true, min: 4, message: '请输入证书编号（至少 4 位）' }]}
      >
        <Input autoFocus maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item label="职业（工种）" name="occupationCode" rules={[{ required: true, message: '请选择职业（工种）' }]}>
        <Select
          showSearch={searchByLabel}
          loading={occupations.isLoading}
          placeholder="输入名称或编码查找"
          options={occupations.data?.map((o) => ({ value: o.code, label: occupationLabel(o) }))}
        />
      </Form.Item>
      <Form.Item label="技能等级" name="level" rules={[{ required: true, message: '请选择技能等级' }]}>
        <Select showSearch={searchByLabel} options={LEVEL_OPTIONS} />
      </Form.Item>
      <Form.Item
        label="发证机构"
        name="issuingBody"
        rules={[{ required: true, whitespace: true, min: 2, message: '请输入发证机构' }]}
      >
        <Input maxLength={60} autoComplete="off" placeholder="如：龙陵县职业技能鉴定中心" />
      </Form.Item>
      <Form.Item label="发证日期" name="issuedOn" rules={[{ required: true, message: '请选择发证日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
