import { Form, InputNumber, Select, type RefSelectProps } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { usePageFocus } from '../../app/usePageFocus';
import { useFundSources, useInstitutions, useOccupations, usePlans } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel, searchByLabel } from '../catalog/labels';
import { approvedInstitutions, type TermsValues } from './terms';

/** The fields that decide a voucher: plan, occupation, level, institution, fund source, validity. */
export function TermsFields({ autoFocus, disabled }: { autoFocus?: boolean; disabled?: boolean }) {
  const form = Form.useFormInstance<TermsValues>();
  const occupationCode = Form.useWatch('occupationCode', form);
  const level = Form.useWatch('level', form);
  const plans = usePlans();
  const occupations = useOccupations();
  const institutions = useInstitutions();
  const fundSources = useFundSources();
  const planRef = useRef<RefSelectProps>(null);
  usePageFocus(planRef, autoFocus);

  const institutionOptions = useMemo(
    () =>
      approvedInstitutions(institutions.data ?? [], occupationCode, level).map((i) => ({
        value: i.id,
        label: i.name,
      })),
    [institutions.data, occupationCode, level],
  );

  useEffect(() => {
    const current = form.getFieldValue('institutionId');
    if (current && institutions.data && !institutionOptions.some((o) => o.value === current)) {
      form.setFieldValue('institutionId', undefined);
    }
  }, [form, institutionOptions, institutions.data]);

  const firstFund = fundSources.data?.[0]?.code;
  useEffect(() => {
    if (firstFund && !form.getFieldValue('fundSource')) form.setFieldValue('fundSource', firstFund);
  }, [form, firstFund]);

  return (
    <>
      <Form.Item label="培训计划" name="planId" rules={[{ required: true, message: '请选择培训计划' }]}>
        <Select
          ref={planRef}
          disabled={disabled}
          showSearch={searchByLabel}
          placeholder="请选择"
          loading={plans.isLoading}
          options={plans.data?.filter((p) => p.active).map((p) => ({ value: p.id, label: p.name }))}
        />
      </Form.Item>
      <Form.Item label="职业（工种）" name="occupationCode" rules={[{ required: true, message: '请选择职业（工种）' }]}>
        <Select
          disabled={disabled}
          showSearch={searchByLabel}
          placeholder="输入名称或编码查找"
          loading={occupations.isLoading}
          options={occupations.data?.filter((o) => o.active).map((o) => ({ value: o.code, label: occupationLabel(o) }))}
        />
      </Form.Item>
      <Form.Item label="技能等级" name="level" rules={[{ required: true, message: '请选择技能等级' }]}>
        <Select disabled={disabled} showSearch={searchByLabel} placeholder="请选择" options={LEVEL_OPTIONS} />
      </Form.Item>
      <Form.Item
        label="定向培训机构"
        name="institutionId"
        extra={
          occupationCode && level && institutionOptions.length === 0 ? '暂无获准开展此职业、等级培训的机构' : undefined
        }
      >
        <Select
          allowClear
          disabled={disabled}
          showSearch={searchByLabel}
          placeholder="不限"
          loading={institutions.isLoading}
          options={institutionOptions}
        />
      </Form.Item>
      <Form.Item label="资金来源" name="fundSource" rules={[{ required: true, message: '请选择资金来源' }]}>
        <Select
          disabled={disabled}
          showSearch={searchByLabel}
          loading={fundSources.isLoading}
          options={fundSources.data?.map((f) => ({ value: f.code, label: f.name }))}
        />
      </Form.Item>
      <Form.Item label="有效期（天）" name="validityDays">
        <InputNumber
          disabled={disabled}
          min={1}
          max={366}
          precision={0}
          placeholder="默认 90 天"
          style={{ width: 160 }}
        />
      </Form.Item>
    </>
  );
}
