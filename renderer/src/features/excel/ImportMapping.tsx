import { Alert, Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ETHNICITIES } from '../../../../shared/catalog/ethnicities';
import { EDUCATIONS, EMPLOYMENT_STATUSES, HOUSEHOLD_TYPES } from '../../../../shared/catalog/workerOptions';
import {
  fieldLabel,
  IMPORT_FIELDS,
  type FileValueField,
  type ImportColumn,
  type ImportField,
  type ImportLayout,
} from '../../../../shared/contract/schemas/workerImport';
import { useTownships } from '../workers/api';
import { toOptions } from '../workers/labels';
import { searchByLabel } from '../catalog/labels';

/** The clerk's file-wide values; null: cleared (left 待补充), undefined: as the server proposes. */
export type FileValues = Partial<Record<FileValueField, string | null>>;

interface Props {
  layout: ImportLayout;
  /** The field chosen for each column (the layout's until the clerk changes one). */
  fields: (ImportField | null)[];
  values: FileValues;
  busy: boolean;
  onSheet(index: number): void;
  onField(column: number, field: ImportField | null): void;
  onValue(field: FileValueField, value: string | null): void;
}

const IGNORE = '';
// 忽略 first: it is the choice a clerk makes most, and the list scrolls.
const FIELD_OPTIONS = [
  { value: IGNORE, label: '忽略（不导入）' },
  ...IMPORT_FIELDS.map((f) => ({ value: f.field as string, label: f.label })),
];

const SOURCE_TAG: Record<ImportColumn['source'], { color: string; text: string } | null> = {
  chosen: { color: 'blue', text: '手动选择' },
  remembered: { color: 'green', text: '上次的选择' },
  auto: { color: 'default', text: '自动识别' },
  none: null,
};

const VALUE_OPTIONS: Record<Exclude<FileValueField, 'townshipCode'>, { value: string; label: string }[]> = {
  ethnicity: ETHNICITIES.map((e) => ({ value: e, label: e })),
  education: toOptions(EDUCATIONS),
  householdType: toOptions(HOUSEHOLD_TYPES),
  employmentStatus: toOptions(EMPLOYMENT_STATUSES),
};

/**
 * 表头映射: which field each column of the clerk's roster fills (with a few of its values), the
 * sheet to read, and values set once for the whole file where the roster has no column for them.
 */
export function ImportMapping({ layout, fields, values, busy, onSheet, onField, onValue }: Props) {
  const townships = useTownships();
  const columns: ColumnsType<ImportColumn> = [
    { title: '列', dataIndex: 'letter', width: 52 },
    {
      title: '表头',
      dataIndex: 'header',
      width: 150,
      render: (h: string) => h || <Typography.Text type="secondary">（空）</Typography.Text>,
    },
    {
      title: '示例',
      dataIndex: 'samples',
      ellipsis: true,
      render: (s: string[]) => <Typography.Text type="secondary">{s.join('、') || '—'}</Typography.Text>,
    },
    {
      title: '导入为',
      width: 190,
      render: (_, c) => (
        <Select
          aria-label={`${c.letter}列“${c.header}”导入为`}
          size="small"
          style={{ width: 170 }}
          disabled={busy}
          value={fields[c.index] ?? IGNORE}
          options={FIELD_OPTIONS}
          onChange={(v: string) => onField(c.index, v === IGNORE ? null : (v as ImportField))}
        />
      ),
    },
    {
      title: '说明',
      width: 200,
      render: (_, c) => {
        // A change the server has not answered yet is the clerk's own.
        const changed = fields[c.index] !== c.field;
        const tag = changed ? SOURCE_TAG.chosen : SOURCE_TAG[c.source];
        const note = changed ? (fields[c.index] ? null : '不导入') : c.note;
        return (
          <Space size={4}>
            {tag && <Tag color={tag.color}>{tag.text}</Tag>}
            {note && <Typography.Text type="secondary">{note}</Typography.Text>}
          </Space>
        );
      },
    },
  ];
  const mapped = new Set(fields.filter(Boolean));
  const lacking = IMPORT_FIELDS.filter((f) => f.need !== 'optional' && f.field !== 'name' && f.field !== 'idNumber')
    .map((f) => f.field as FileValueField)
    .filter((f) => !mapped.has(f));
  const skipped = layout.headerRow - 1;

  return (
    <Card size="small" title="核对各列对应的信息（表头映射）">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {layout.sheets.length > 1 && (
          <Space wrap>
            <Typography.Text>工作表</Typography.Text>
            <Select
              aria-label="工作表"
              style={{ width: 260 }}
              disabled={busy}
              value={layout.sheet}
              onChange={onSheet}
              options={layout.sheets.map((s) => ({
                value: s.index,
                label: `${s.name}（${s.rows} 行${s.hidden ? '，隐藏' : ''}）`,
              }))}
            />
            {layout.sheetChosenBy === 'header' && (
              <Typography.Text type="secondary">已自动选择表头可识别的工作表</Typography.Text>
            )}
          </Space>
        )}
        {layout.headerRow > 0 && (
          <Typography.Text>
            表头在第 {layout.headerRow}
            {layout.headerLines === 2 ? `–${layout.headerRow + 1}` : ''} 行
            {skipped > 0 && `（上方 ${skipped} 行标题、填报信息已跳过）`}
            {layout.dataEnd && `；数据止于第 ${layout.dataEnd.row} 行“${layout.dataEnd.text}”，其后各行不导入`}。
            {layout.remembered && (
              <Tag color="green" style={{ marginInlineStart: 8 }}>
                已按上次为相同表头所做的选择
              </Tag>
            )}
          </Typography.Text>
        )}
        {layout.columns.length > 0 && (
          <Table<ImportColumn>
            rowKey="index"
            size="small"
            columns={columns}
            dataSource={layout.columns.filter((c) => c.header || fields[c.index])}
            pagination={false}
          />
        )}
        {layout.columns.length > 0 && lacking.length > 0 && (
          <Form layout="inline" style={{ rowGap: 8 }}>
            <Typography.Paragraph style={{ width: '100%', marginBottom: 4 }}>
              表格中没有以下信息：可以为全部行统一设置；不设置的登记为<Tag color="orange">待补充</Tag>，发券前须补充。
              {layout.townshipFrom && `乡镇已按“${layout.townshipFrom}”识别。`}
            </Typography.Paragraph>
            {lacking.map((f) => (
              <Form.Item key={f} label={`全部行的${fieldLabel(f)}`}>
                <Select
                  aria-label={`全部行的${fieldLabel(f)}`}
                  style={{ width: 180 }}
                  allowClear={f !== 'townshipCode'}
                  showSearch={searchByLabel}
                  disabled={busy}
                  placeholder={f === 'townshipCode' ? '请选择（必填）' : '不设置（待补充）'}
                  value={values[f] === undefined ? layout.values[f] : (values[f] ?? undefined)}
                  onChange={(v: string | undefined) => onValue(f, v ?? null)}
                  options={
                    f === 'townshipCode'
                      ? townships.data?.map((t) => ({ value: t.code, label: t.name }))
                      : VALUE_OPTIONS[f]
                  }
                  optionFilterProp="label"
                />
              </Form.Item>
            ))}
          </Form>
        )}
        {layout.problem && <Alert type="error" showIcon title="还不能导入" description={layout.problem} />}
      </Space>
    </Card>
  );
}
