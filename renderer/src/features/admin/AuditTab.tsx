import { SearchOutlined } from '@ant-design/icons';
import { Alert, Col, Input, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { AuditRow } from '../../../../shared/contract/schemas/audit';
import { errorText } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useDebouncedValue } from '../../app/useDebouncedValue';
import { useAuditDigest, useAuditList, useAuditPersonSearch, useVerifyAudit } from './api';
import { AuditPersonBanner, AuditPersonBox } from './AuditPersonSearch';
import { auditActionLabel, auditActor, auditChannelLabel, auditEntityLabel } from './auditLabels';
import { AuditDigestReady, AuditVerifyButtons, AuditVerifyResult } from './AuditVerify';

const columns: ColumnsType<AuditRow> = [
  { title: '时间', dataIndex: 'at', width: 180, render: formatTime },
  { title: '操作人', key: 'actor', width: 160, render: (_: unknown, r: AuditRow) => auditActor(r) },
  {
    title: '功能',
    dataIndex: 'channel',
    width: 200,
    // The code stays at hand (a tooltip) for whoever reads the log against the program.
    render: (c: string) => <span title={c}>{auditChannelLabel(c)}</span>,
  },
  { title: '动作', dataIndex: 'action', width: 110, render: auditActionLabel },
  { title: '对象', dataIndex: 'entity', width: 110, render: auditEntityLabel },
  { title: '对象编号', dataIndex: 'entityId', width: 100, render: (v: string | null) => v ?? '—' },
];

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <Col span={12}>
      <Typography.Text strong>{label}</Typography.Text>
      <pre className="json-block">
        {value === null || value === undefined ? '（无）' : JSON.stringify(value, null, 2)}
      </pre>
    </Col>
  );
}

export function AuditTab() {
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useAuditList({ ...(q ? { q } : {}), page, pageSize });
  const verify = useVerifyAudit();
  const digest = useAuditDigest();
  // The typed number of a 按号码核对 check while its results are shown (null: the whole log).
  const [person, setPerson] = useState<string | null>(null);
  // Bumped to empty the number box when the admin goes back to the whole log.
  const [personBox, setPersonBox] = useState(0);
  const personSearch = useAuditPersonSearch();
  const checkPerson = (value: string, p: number, size: number) => {
    setPerson(value);
    setPage(p);
    setPageSize(size);
    personSearch.mutate({ value, page: p, pageSize: size });
  };
  const shown = person ? personSearch.data : list.data;

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          allowClear
          aria-label="搜索审计日志"
          prefix={<SearchOutlined />}
          placeholder="操作人、功能代码、对象编号或内容"
          style={{ width: 320 }}
          maxLength={100}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPerson(null);
            setPage(1);
          }}
        />
        <AuditPersonBox key={personBox} loading={personSearch.isPending} onCheck={(v) => checkPerson(v, 1, pageSize)} />
        <AuditVerifyButtons verify={verify} digest={digest} />
      </Space>
      <AuditVerifyResult verify={verify} />
      <AuditDigestReady digest={digest} />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
      {person && personSearch.isError && (
        <Alert type="error" showIcon title={errorText(personSearch.error)} style={{ marginBottom: 16 }} />
      )}
      {person && personSearch.data && (
        <AuditPersonBanner
          result={personSearch.data}
          onClose={() => {
            setPerson(null);
            setPage(1);
            setPersonBox((k) => k + 1);
            personSearch.reset();
          }}
        />
      )}
      <Table<AuditRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={shown?.items}
        loading={person ? personSearch.isPending : list.isFetching}
        expandable={{
          rowExpandable: (r) => r.before != null || r.after != null,
          expandedRowRender: (r) => (
            <Row gutter={16}>
              <Json label="修改前" value={r.before} />
              <Json label="修改后" value={r.after} />
            </Row>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: shown?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (p, size) => {
            if (person) return checkPerson(person, size !== pageSize ? 1 : p, size);
            setPage(size !== pageSize ? 1 : p);
            setPageSize(size);
          },
        }}
      />
    </>
  );
}
