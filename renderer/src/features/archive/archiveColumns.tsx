import type { ColumnsType } from 'antd/es/table';
import {
  EMPLOYMENT_KINDS,
  HONOUR_RANKS,
  type ArchiveCertificate,
  type ArchiveSubsidy,
  type ArchiveTraining,
  type EmploymentRecord,
  type Honour,
} from '../../../../shared/contract/schemas/archive';
import { fenToYuan } from '../../../../shared/domain/money';
import { levelLabel } from '../catalog/labels';
import { HistoricalTag } from './ArchiveTimeline';
import { certificateTypeLabel, dateRange, HONOUR_KIND_LABELS, RESULT_LABELS } from './labels';

const nowrap = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
const dash = (v: string | null | undefined) => v || '—';

export const trainingColumns: ColumnsType<ArchiveTraining> = [
  {
    title: '培训机构',
    dataIndex: 'institutionName',
    render: (name: string, t) => (
      <>
        {name} <HistoricalTag show={t.source === 'historical'} />
      </>
    ),
  },
  { title: '班级', dataIndex: 'className', render: dash },
  { title: '职业（工种）', dataIndex: 'occupationName' },
  { title: '等级', dataIndex: 'level', width: 120, render: levelLabel },
  {
    title: '培训日期',
    key: 'dates',
    width: 200,
    render: (_, t) => nowrap(dateRange(t.startDate, t.endDate)),
  },
  { title: '学时', dataIndex: 'hours', width: 64, align: 'right', render: (h: number) => h || '—' },
  {
    title: '出勤率',
    dataIndex: 'attendancePct',
    width: 76,
    align: 'right',
    render: (p: number | null) => (p === null ? '—' : `${p}%`),
  },
  {
    title: '结果',
    dataIndex: 'result',
    width: 76,
    render: (r: ArchiveTraining['result']) => (r ? RESULT_LABELS[r] : '培训中'),
  },
];

export const certificateColumns: ColumnsType<ArchiveCertificate> = [
  {
    title: '证书类型',
    dataIndex: 'type',
    render: (type: string, c) => (
      <>
        {certificateTypeLabel(type)} <HistoricalTag show={c.historical} />
      </>
    ),
  },
  { title: '职业（工种）', key: 'occupation', render: (_, c) => `${c.occupationName}（${c.occupationCode}）` },
  { title: '等级', dataIndex: 'level', width: 120, render: levelLabel },
  { title: '证书编号', dataIndex: 'number', render: nowrap },
  { title: '发证机构', dataIndex: 'issuingBody' },
  { title: '发证日期', dataIndex: 'issuedOn', width: 110 },
];

export const subsidyColumns: ColumnsType<ArchiveSubsidy> = [
  { title: '培训券号', dataIndex: 'serial', width: 190, render: nowrap },
  {
    title: '补贴金额（元）',
    dataIndex: 'amountFen',
    width: 130,
    align: 'right',
    render: (fen: number) => fenToYuan(fen),
  },
  { title: '结算日期', dataIndex: 'date', width: 110 },
  { title: '培训机构', dataIndex: 'institutionName', render: dash },
  { title: '资金来源', dataIndex: 'fundSourceName' },
];

export const honourColumns: ColumnsType<Honour> = [
  { title: '类别', dataIndex: 'kind', width: 120, render: (k: Honour['kind']) => HONOUR_KIND_LABELS[k] },
  {
    title: '竞赛或荣誉名称',
    dataIndex: 'name',
    render: (name: string, h) => (
      <>
        {name} <HistoricalTag show={h.historical} />
      </>
    ),
  },
  { title: '级别', dataIndex: 'rank', width: 100, render: (r: Honour['rank']) => HONOUR_RANKS[r] },
  { title: '奖项或称号', dataIndex: 'award' },
  { title: '年度', dataIndex: 'year', width: 70 },
  { title: '颁发单位', dataIndex: 'issuer', render: dash },
];

export const employmentColumns: ColumnsType<EmploymentRecord> = [
  {
    title: '就业形式',
    dataIndex: 'kind',
    width: 160,
    render: (k: EmploymentRecord['kind']) => EMPLOYMENT_KINDS[k],
  },
  { title: '就业单位或项目', dataIndex: 'employer', render: dash },
  { title: '开始日期', dataIndex: 'startedOn', width: 110 },
  { title: '备注', dataIndex: 'note', render: dash },
];
