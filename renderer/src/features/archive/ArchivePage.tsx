import { ArrowLeftOutlined, EditOutlined, FileAddOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Space, Spin, Table, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { errorText } from '../../app/feedback';
import { useCurrentUser } from '../../app/session/sessionContext';
import { useHotkey } from '../../app/useHotkey';
import { useQueryParams } from '../../app/useQueryParams';
import { ExportButton } from '../excel/ExportButton';
import { useExport } from '../excel/api';
import { AnomalyFlags } from '../stats/AnomalyFlags';
import { canIssueVouchers } from '../vouchers/access';
import { canEditWorkers } from '../workers/access';
import { WorkerHistory } from '../workers/WorkerHistory';
import { useArchive } from './api';
import { ArchiveAddButtons, ArchiveAddModals, type Adding } from './ArchiveAdd';
import { ArchiveIdentity } from './ArchiveIdentity';
import { PendingAlert } from '../workers/PendingAlert';
import { ArchiveTimeline } from './ArchiveTimeline';
import { ArchiveVouchers } from './ArchiveVouchers';
import {
  certificateColumns,
  employmentColumns,
  honourColumns,
  subsidyColumns,
  trainingColumns,
} from './archiveColumns';
import { ExtractModal } from './ExtractModal';

const TAB_KEYS = ['timeline', 'vouchers', 'trainings', 'certificates', 'subsidies', 'honours', 'employment', 'history'];

/** The tab that shows what was just added, so the clerk sees it land. */
const TAB_FOR: Record<Adding, string> = {
  training: 'trainings',
  certificate: 'certificates',
  honour: 'honours',
  employment: 'employment',
};

function RecordTable<T extends object>(p: { columns: ColumnsType<T>; data: T[]; empty: string }) {
  return (
    <Table<T>
      rowKey={(r) => String(p.data.indexOf(r))}
      size="small"
      columns={p.columns}
      dataSource={p.data}
      pagination={p.data.length > 20 ? { pageSize: 20 } : false}
      locale={{ emptyText: p.empty }}
    />
  );
}

const counted = (label: string, n: number) => (n ? `${label}（${n}）` : label);

/** 职业培训电子档案: one worker's identity, then everything about their training in tabs. */
export function ArchivePage() {
  const { id } = useParams();
  const workerId = Number(id);
  const valid = Number.isInteger(workerId) && workerId > 0;
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, patch] = useQueryParams();
  const archive = useArchive(valid ? workerId : 0);
  const exporter = useExport('export:archive');
  const [adding, setAdding] = useState<Adding | null>(null);
  const [extracting, setExtracting] = useState(false);
  const canEdit = canEditWorkers(user.role);
  const canIssue = canIssueVouchers(user.role);
  const tab = TAB_KEYS.includes(params.get('tab') ?? '') ? params.get('tab')! : 'timeline';
  const setTab = (t: string) => patch({ tab: t === 'timeline' ? undefined : t });

  const edit = () => navigate(`/workers/${workerId}/edit`);
  const issue = () => navigate(`/vouchers/issue?workerId=${workerId}`);
  const back = () => (location.key !== 'default' ? navigate(-1) : navigate('/workers'));
  const ready = archive.isSuccess;
  useHotkey({ code: 'KeyE', alt: true }, edit, canEdit && ready);
  useHotkey({ code: 'KeyN', alt: true }, () => navigate('/workers/new'), canEdit);
  useHotkey({ code: 'KeyV', alt: true }, issue, canIssue && ready);
  useHotkey({ code: 'KeyP', alt: true }, () => setExtracting(true), ready);

  if (!valid) return <Result status="404" title="劳动者不存在" />;
  if (archive.isPending) return <Spin />;
  if (archive.isError) return <Alert type="error" showIcon title={errorText(archive.error)} />;
  const a = archive.data;

  const add = (kind: Adding) => {
    setTab(TAB_FOR[kind]);
    setAdding(kind);
  };

  return (
    <>
      <Card
        title={`职业培训电子档案：${a.worker.name}`}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={back}>
              返回
            </Button>
            {canEdit && (
              <Button icon={<EditOutlined />} onClick={edit} title="快捷键 Alt+E">
                编辑
              </Button>
            )}
            {canIssue && (
              <Button icon={<FileAddOutlined />} onClick={issue} title="快捷键 Alt+V">
                发放培训券
              </Button>
            )}
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => setExtracting(true)} title="快捷键 Alt+P">
              打印档案摘要
            </Button>
            <ExportButton
              label="导出档案 Excel"
              allowFullId={canEdit}
              loading={exporter.isPending}
              scope={`导出 ${a.worker.name} 的全部档案记录。`}
              onExport={(fullId) => exporter.mutate({ workerId, fullId })}
            />
          </Space>
        }
      >
        <AnomalyFlags workerId={workerId} style={{ marginBottom: 16 }} />
        <PendingAlert workerId={workerId} fields={a.worker.pendingFields} style={{ marginBottom: 16 }} />
        <ArchiveIdentity worker={a.worker} />
      </Card>
      <Card
        title="档案记录"
        extra={canEdit && <ArchiveAddButtons onAdd={add} />}
        style={{ marginTop: 16 }}
        styles={{ body: { paddingTop: 8 } }}
      >
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'timeline', label: '时间轴', children: <ArchiveTimeline archive={a} /> },
            { key: 'vouchers', label: counted('培训券', a.vouchers.length), children: <ArchiveVouchers archive={a} /> },
            {
              key: 'trainings',
              label: counted('培训记录', a.trainings.length),
              children: <RecordTable columns={trainingColumns} data={a.trainings} empty="暂无培训记录" />,
            },
            {
              key: 'certificates',
              label: counted('证书', a.certificates.length),
              children: <RecordTable columns={certificateColumns} data={a.certificates} empty="暂无证书" />,
            },
            {
              key: 'subsidies',
              label: counted('补贴', a.subsidies.length),
              children: <RecordTable columns={subsidyColumns} data={a.subsidies} empty="暂无已结算的补贴" />,
            },
            {
              key: 'honours',
              label: counted('竞赛与荣誉', a.honours.length),
              children: <RecordTable columns={honourColumns} data={a.honours} empty="暂无竞赛获奖或荣誉" />,
            },
            {
              key: 'employment',
              label: counted('培训后就业', a.employment.length),
              children: <RecordTable columns={employmentColumns} data={a.employment} empty="暂无就业记录" />,
            },
            { key: 'history', label: '修改记录', children: <WorkerHistory workerId={workerId} /> },
          ]}
        />
      </Card>
      {canEdit && <ArchiveAddModals workerId={workerId} adding={adding} onClose={() => setAdding(null)} />}
      {extracting && <ExtractModal workerId={workerId} name={a.worker.name} onClose={() => setExtracting(false)} />}
    </>
  );
}
