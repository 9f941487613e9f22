import { Alert } from 'antd';
import { FormModal } from '../../app/FormModal';
import { CertificateFields, type CertificateValues } from '../training/CertificateFields';
import { DAY } from '../training/ClassFormModal';
import { useRecordSubmit } from '../training/useRecordSubmit';
import { useArchiveAdd } from './api';

type Values = CertificateValues;

interface Props {
  workerId: number;
  open: boolean;
  onClose: () => void;
}

/** 补录证书: a certificate obtained before the system, copied from the paper original. */
export function HistoricalCertificateModal({ workerId, open, onClose }: Props) {
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
      <CertificateFields />
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
