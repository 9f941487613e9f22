import { Alert, DatePicker, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { RosterEntry } from '../../../../shared/contract/schemas/training';
import { FormModal } from '../../app/FormModal';
import { useTrainingMutation } from './api';
import { DAY } from './ClassFormModal';
import { ReasonField, TimeFields } from './TimeFields';
import { useRecordSubmit } from './useRecordSubmit';

interface Values {
  sessionDate: Dayjs;
  signIn: string;
  signOut: string;
  reason: string;
}

/** 补签: a session the trainee attended but was not signed in for, with the reason. */
export function MakeupModal(p: { classUid: string; entry: RosterEntry | null; onClose: () => void }) {
  const makeup = useTrainingMutation('attendance:makeup');
  const { error, handlers, close } = useRecordSubmit('已补签', p.onClose);
  const e = p.entry;
  return (
    <FormModal<Values>
      title={e ? `补签：${e.holderName}（尾号 ${e.idLast4}）` : '补签'}
      open={e !== null}
      pending={makeup.isPending}
      okText="补签"
      initialValues={{ sessionDate: dayjs().subtract(1, 'day') }}
      onClose={close}
      onSubmit={(v, form) =>
        e &&
        makeup.mutate(
          {
            classUid: p.classUid,
            serial: e.serial,
            sessionDate: v.sessionDate.format(DAY),
            signIn: v.signIn,
            signOut: v.signOut,
            reason: v.reason,
          },
          handlers(form),
        )
      }
    >
      <Form.Item label="上课日期" name="sessionDate" rules={[{ required: true, message: '请选择上课日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <TimeFields />
      <ReasonField placeholder="如：读卡器故障，按纸质签到表补录" />
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
