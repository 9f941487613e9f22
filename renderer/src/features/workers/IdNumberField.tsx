import { LoadingOutlined } from '@ant-design/icons';
import { Alert, Checkbox, Form, Input, type FormInstance, type InputRef } from 'antd';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { checkIdNumber, normalizeIdNumber } from '../../../../shared/domain/idNumber';
import type { IdCheckResult } from '../../../../shared/contract/schemas/worker';
import { usePageFocus } from '../../app/usePageFocus';
import { errorText } from '../../app/feedback';
import { useDebouncedValue } from '../../app/useDebouncedValue';
import { useIdCheck } from './api';
import { genderLabel } from './labels';
import type { WorkerFormValues } from './workerFormValues';

/** A 15-character prefix of an 18-digit number is not checked until the typing pauses. */
const OLD_NUMBER_PAUSE_MS = 800;

const unknownAddress = (r: IdCheckResult | undefined) => r !== undefined && !r.ok && r.code === 'ADDRESS_UNKNOWN';

function lengthRule(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value.length === 15 || value.length === 18) return null;
  const r = checkIdNumber(value);
  return r.ok ? null : r.message;
}

function Derived({ info }: { info: Extract<IdCheckResult, { ok: true }> }) {
  const parts = [
    `性别：${genderLabel(info.gender)}`,
    `出生日期：${info.birthDate}`,
    `地区：${info.region ?? '地址码不在现行区划表中（已确认旧地址码）'}`,
  ];
  return (
    <>
      <div>{parts.join('　　')}</div>
      {info.convertedFrom && <div>15 位旧号码，将按 18 位号码 {info.idNumber} 登记</div>}
    </>
  );
}

export interface IdConflict {
  workerId: number;
  name: string;
}

interface Props {
  form: FormInstance<WorkerFormValues>;
  workerId: number | null;
  /** Set when saving was refused because the number belongs to another worker. */
  conflict: IdConflict | null;
  /** Told whether the server found the number registered to someone else (Enter then stays). */
  registeredRef: { current: boolean };
}

export function IdNumberField({ form, workerId, conflict, registeredRef }: Props) {
  const raw: string = Form.useWatch('idNumber', form) ?? '';
  const allow: boolean = Form.useWatch('allowUnlistedAddress', form) ?? false;
  const paused = useDebouncedValue(raw, OLD_NUMBER_PAUSE_MS);
  const target = raw.length === 18 || (raw.length === 15 && paused === raw) ? raw : null;
  const check = useIdCheck(target, allow);
  const inputRef = useRef<InputRef>(null);
  // Focused once, when the form opens (unless a dialog holds the focus). Not autoFocus: an input
  // that is mounted again (as antd does when a field's decoration changes) would take the focus back
  // from the field typed in next.
  usePageFocus(inputRef);
  // Known at once, without the server: the confirmation box is there when Enter looks for the next field.
  const local = raw.length === 18 ? checkIdNumber(raw, { allowUnlistedAddress: allow }) : null;
  const unlistedAddress = (local && !local.ok && local.code === 'ADDRESS_UNKNOWN') || unknownAddress(check.data);

  const checking = target !== null && check.isFetching;
  const result = target !== null ? check.data : undefined;
  const failure = result && !result.ok ? result : null;
  const info = result && result.ok ? result : null;
  const tooLong = raw.length > 18 ? lengthRule(raw) : null;
  const helpText = failure?.message ?? tooLong ?? (check.isError && target ? errorText(check.error) : undefined);
  const checked = info?.existing && info.existing.id !== workerId ? info.existing : null;
  const existing = checked ?? (conflict ? { id: conflict.workerId, name: conflict.name } : null);
  useEffect(() => {
    registeredRef.current = existing !== null && raw.length >= 15;
  });

  return (
    <>
      <Form.Item
        label="公民身份号码"
        name="idNumber"
        required
        validateTrigger={['onChange', 'onBlur']}
        getValueFromEvent={(e: { target: { value: string } }) => normalizeIdNumber(e.target.value)}
        rules={[
          { required: true, message: '请输入公民身份号码' },
          {
            validateTrigger: 'onBlur',
            validator: async (_, value: unknown) => {
              const message = lengthRule(value);
              if (message) throw new Error(message);
            },
          },
        ]}
        validateStatus={helpText ? 'error' : checking ? 'validating' : undefined}
        help={helpText}
        extra={info && <Derived info={info} />}
      >
        {/* The suffix is always there, so that the input keeps its place in the page while checking. */}
        <Input
          ref={inputRef}
          autoComplete="off"
          placeholder="18 位号码，末位可为 X；15 位旧号码也可"
          suffix={checking ? <LoadingOutlined aria-label="正在核验" /> : <span />}
        />
      </Form.Item>
      <Form.Item
        name="allowUnlistedAddress"
        valuePropName="checked"
        hidden={!(unlistedAddress || allow)}
        wrapperCol={{ offset: 6 }}
      >
        <Checkbox>确认旧地址码</Checkbox>
      </Form.Item>
      {existing && (
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Alert
            type={conflict ? 'error' : 'warning'}
            showIcon
            title={`该身份证号已登记：${existing.name}`}
            action={<Link to={`/workers/${existing.id}`}>查看已登记的劳动者</Link>}
          />
        </Form.Item>
      )}
      {info?.elsewhere && (
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Alert type="warning" showIcon title="该身份证号已在其他乡镇登记，不能重复登记。如需办理，请联系县级经办人" />
        </Form.Item>
      )}
    </>
  );
}
