import { Alert } from 'antd';
import dayjs from 'dayjs';
import type { SkillLevelCode } from '../../../../shared/catalog/skillLevels';
import type { ClassDetail, RosterEntry } from '../../../../shared/contract/schemas/training';
import { FormModal } from '../../app/FormModal';
import { useTrainingMutation } from './api';
import { CertificateFields, type CertificateValues } from './CertificateFields';
import { DAY } from './ClassFormModal';
import { useRecordSubmit } from './useRecordSubmit';

type Values = CertificateValues;

interface Props {
  entry: RosterEntry | null;
  klass: ClassDetail;
  onClose: () => void;
}

/** 证书登记 after 合格: the certificate the student obtained, by default for the class's occupation. */
export function CertificateModal({ entry, klass, onClose }: Props) {
  const record = useTrainingMutation('certificate:record');
  const { error, handlers, close } = useRecordSubmit('证书已登记', onClose);
  return (
    <FormModal<Values>
      title={entry ? `登记证书：${entry.holderName}（${entry.serial}）` : '登记证书'}
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
      <CertificateFields />
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
