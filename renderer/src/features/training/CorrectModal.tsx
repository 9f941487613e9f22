import { Alert, Form, Radio } from 'antd';
import dayjs from 'dayjs';
import type { AttendanceSession } from '../../../../shared/contract/schemas/attendance';
import { FormModal } from '../../app/FormModal';
import { useTrainingMutation } from './api';
import { ReasonField, TimeFields } from './TimeFields';
import { useRecordSubmit } from './useRecordSubmit';

interface Values {
  action: 'times' | 'void';
  signIn?: string;
  signOut?: string;
  reason: string;
}

export const hhmm = (iso: string | null) => (iso ? dayjs(iso).format('HH:mm') : undefined);

/** 更正: the real times of a wrong sign-in, or 作废 one that should not have been made; what it was is kept. */
export function CorrectModal({ session, onClose }: { session: AttendanceSession | null; onClose: () => void }) {
  const correct = useTrainingMutation('attendance:correct');
  const { error, handlers, close } = useRecordSubmit('已更正考勤', onClose);
  return (
    <FormModal<Values>
      title={session ? `更正 ${session.sessionDate} 的考勤` : '更正考勤'}
      open={session !== null}
      pending={correct.isPending}
      okText="更正"
      initialValues={{
        action: 'times',
        signIn: hhmm(session?.signIn ?? null),
        signOut: hhmm(session?.signOut ?? null),
      }}
      onClose={close}
      onSubmit={(v, form) =>
        session &&
        correct.mutate(
          v.action === 'void'
            ? { attendanceUid: session.uid, action: 'void', reason: v.reason }
            : { attendanceUid: session.uid, action: 'times', signIn: v.signIn, signOut: v.signOut, reason: v.reason },
          handlers(form),
        )
      }
    >
      <Form.Item label="更正方式" name="action">
        <Radio.Group
          optionType="button"
          options={[
            { value: 'times', label: '改为实际时间' },
            { value: 'void', label: '作废（本人未到课）' },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['action']}>
        {({ getFieldValue }) => (getFieldValue('action') === 'times' ? <TimeFields /> : null)}
      </Form.Item>
      <ReasonField placeholder="如：忘记签退，按授课记录更正" />
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
