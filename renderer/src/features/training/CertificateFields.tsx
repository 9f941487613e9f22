import { DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { SkillLevelCode } from '../../../../shared/catalog/skillLevels';
import { CERTIFICATE_TYPES } from '../../../../shared/contract/schemas/training';
import { useOccupations } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel, searchByLabel } from '../catalog/labels';

export interface CertificateValues {
  type: (typeof CERTIFICATE_TYPES)[number]['code'];
  number: string;
  occupationCode: string;
  level: SkillLevelCode;
  issuingBody: string;
  issuedOn: Dayjs;
}

const TYPE_OPTIONS = CERTIFICATE_TYPES.map((t) => ({ value: t.code, label: t.label }));

/** The fields of a certificate, the same whether it is recorded after training or copied from paper. */
export function CertificateFields() {
  const occupations = useOccupations();
  return (
    <>
      <Form.Item label="证书类型" name="type" rules={[{ required: true, message: '请选择证书类型' }]}>
        <Select showSearch={searchByLabel} options={TYPE_OPTIONS} />
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
    </>
  );
}
