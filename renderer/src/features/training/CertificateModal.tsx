import { Alert, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { SkillLevelCode } from '../../../../shared/catalog/skillLevels';
import { CERTIFICATE_TYPES, type ClassDetail, type RosterEntry } from '../../../../shared/contract/schemas/training';
import { maskName } from '../../../../shared/domain/mask';
import { FormModal } from '../admin/FormModal';
import { useOccupations } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel, searchByLabel } from '../catalog/labels';
import { useTrainingMutation } from './api';
import { DAY } from './ClassFormModal';
import { useRecordSubmit } from './useRecordSubmit';

type CertificateType = (typeof CERTIFICATE_TYPES)[number]['code'];

interface Values {
  type: CertificateType;
  number: string;
  occupationCode: string;
  level: SkillLevelCode;
  issuingBody: string;
  issuedOn: Dayjs;
}

interface Props {
  entry: RosterEntry | null;
  klass: ClassDetail;
  onClose: () => void;
}

/** 证书登记 after 合格: the certificate the student obtained, by default for the class's occupation. */
export function CertificateModal({ entry, klass, onClose }: Props) {
  const occupations = useOccupations();
  const record = useTrainingMutation('certificate:record');
  const { error, handlers, close } = useRecordSubmit('证书已登记', onClose);
  return (
    <FormModal<Values>
      title={entry ? `登记证书：${maskName(entry.holderName)}（${entry.serial}）` : '登记证书'}
      open={entry !== null}
      pending={record.isPending}
      width={560}
      initialValues={{
        type: 'skill_level',
        occupationCode: klass.occupationCode,
        level: klass.level as SkillLevelCode,
        issuedOn: dayjs(),
      }}
      onClose={close}
      onSubmit={(v, form) =>
        entry &&
        record.mutate(
          {
            serial: entry.serial,
            type: v.type,
            number: v.number,
            occupationCode: v.occupationCode,
            level: v.level,
            issuingBody: v.issuingBody,
            issuedOn: v.issuedOn.format(DAY),
          },
          handlers(form),
        )
      }
    >
      <Form.Item label="证书类型" name="type" rules={[{ required: true, message: '请选择证书类型' }]}>
        <Select options={CERTIFICATE_TYPES.map((t) => ({ value: t.code, label: t.label }))} />
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
          options={occupations.data?.map((o) => ({ value: o.code, label: occupationLabel(o) }))}
        />
      </Form.Item>
      <Form.Item label="技能等级" name="level" rules={[{ required: true, message: '请选择技能等级' }]}>
        <Select options={LEVEL_OPTIONS} />
      </Form.Item>
      <Form.Item
        label="发证机构"
        name="issuingBody"
        rules={[{ required: true, whitespace: true, min: 2, message: '请输入发证机构' }]}
      >
        <Input maxLength={60} placeholder="如：龙陵县职业技能鉴定中心" />
      </Form.Item>
      <Form.Item label="发证日期" name="issuedOn" rules={[{ required: true, message: '请选择发证日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
