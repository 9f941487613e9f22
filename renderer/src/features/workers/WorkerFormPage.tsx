import { Alert, Result, Spin } from 'antd';
import { useParams } from 'react-router-dom';
import { errorText } from '../../app/feedback';
import { useWorker } from './api';
import { PendingAlert } from './PendingAlert';
import { WorkerForm } from './WorkerForm';
import { fromDetail } from './workerFormValues';

export function WorkerFormPage() {
  const { id } = useParams();
  if (id === undefined) return <WorkerForm workerId={null} title="登记劳动者" />;
  const workerId = Number(id);
  if (!Number.isInteger(workerId) || workerId <= 0) return <Result status="404" title="劳动者不存在" />;
  return <EditWorker id={workerId} />;
}

function EditWorker({ id }: { id: number }) {
  // Correcting a record needs the full ID number and phone (audited as a full view).
  const worker = useWorker(id, true);
  if (worker.isPending) return <Spin />;
  if (worker.isError) return <Alert type="error" showIcon title={errorText(worker.error)} />;
  return (
    <>
      <PendingAlert workerId={id} fields={worker.data.pendingFields} inForm style={{ marginBottom: 16 }} />
      <WorkerForm
        key={id}
        workerId={id}
        initialValues={fromDetail(worker.data)}
        title={`修改劳动者信息：${worker.data.name}`}
      />
    </>
  );
}
