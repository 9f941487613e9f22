import { Alert, DatePicker, Form, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { RosterEntry } from '../../../../shared/contract/schemas/training';
import { FormModal } from '../../app/FormModal';
import { useTrainingMutation } from './api';
import { DAY } from './ClassFormModal';
import { useRecordSubmit } from './useRecordSubmit';

interface Values {
  result: 'passed' | 'failed';
  assessedOn: Dayjs;
}

/** 结业考核: 合格 needs the minimum attendance, which the service checks. */
export function CompletionModal({ entry, onClose }: { entry: RosterEntry | null; onClose: () => void }) {
  const record = useTrainingMutation('completion:record');
  const { error, handlers, close } = useRecordSubmit('已记录结业考核结果', onClose);
  return (
    <FormModal<Values>
      title={entry ? `结业考核：${entry.holderName}（${entry.serial}）` : '结业考核'}
      open={entry !== null}
      pending={record.isPending}
      initialValues={{ assessedOn: dayjs() }}
      onClose={close}
      onSubmit={(v, form) =>
        entry &&
        record.mutate({ serial: entry.serial, result: v.result, assessedOn: v.assessedOn.format(DAY) }, handlers(form))
      }
    >
      {entry && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`已出勤 ${(entry.minutes / 60).toFixed(1)} 小时，出勤率 ${entry.attendancePct}%`}
        />
      )}
      <Form.Item label="考核结果" name="result" rules={[{ required: true, message: '请选择考核结果' }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'passed', label: '合格' },
            { value: 'failed', label: '不合格' },
          ]}
        />
      </Form.Item>
      <Form.Item label="考核日期" name="assessedOn" rules={[{ required: true, message: '请选择考核日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
