import type { FormInstance } from 'antd';
import { checkIdNumber } from '../../../../shared/domain/idNumber';
import { checkPersonName } from '../../../../shared/domain/personName';
import { checkMobilePhone } from '../../../../shared/domain/phone';
import type { WorkerFormValues } from './workerFormValues';

/** Drop-downs that must be chosen: Enter on an empty one opens it instead of moving on. */
const REQUIRED_SELECTS = new Set(['ethnicity', 'education', 'townshipCode', 'householdType', 'employmentStatus']);

/**
 * Why Enter may not leave this field, or null. Synchronous (the shared checks the server runs too),
 * so that the decision is made before the next key of a fast typist arrives. A number already
 * registered, once the server has said so, keeps the caret in the ID field as well.
 */
export function enterBlocker(form: FormInstance<WorkerFormValues>, id: string, registered: boolean): string | null {
  const v: unknown = form.getFieldValue(id as keyof WorkerFormValues);
  const text = typeof v === 'string' ? v : '';
  switch (id) {
    case 'idNumber': {
      const r = checkIdNumber(text, { allowUnlistedAddress: !!form.getFieldValue('allowUnlistedAddress') });
      // An abolished address code goes on to its confirmation box, the next field.
      if (!r.ok) return r.code === 'ADDRESS_UNKNOWN' ? null : r.message;
      return registered ? '该身份证号已登记' : null;
    }
    case 'name': {
      const r = checkPersonName(text);
      return r.ok ? null : r.message;
    }
    case 'phone': {
      if (text.trim() === '') return null;
      const r = checkMobilePhone(text);
      return r.ok ? null : r.message;
    }
    default:
      return REQUIRED_SELECTS.has(id) && (v === undefined || v === null || v === '') ? '请选择' : null;
  }
}

/** Shows the reason under the field (a drop-down just opens: its own rule speaks on save). */
export function showBlocker(form: FormInstance<WorkerFormValues>, id: string, message: string) {
  if (REQUIRED_SELECTS.has(id) || message === '该身份证号已登记') return;
  form.setFields([{ name: id as keyof WorkerFormValues, errors: [message] }]);
}
