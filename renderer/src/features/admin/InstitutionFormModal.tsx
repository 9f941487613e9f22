import { Col, Form, Input, Row, Select } from 'antd';
import type { Institution } from '../../../../shared/contract/schemas/catalog';
import { useCatalogSave } from '../catalog/api';
import { INSTITUTION_STATUS_LABELS, NATURE_LABELS, labelOptions, searchByLabel } from '../catalog/labels';
import { useTownships } from '../workers/api';
import { ApprovalsField } from './ApprovalsField';
import { flattenApprovals, groupApprovals, type ApprovalRow } from './approvals';
import { FormModal, useSaveHandlers } from '../../app/FormModal';

type Values = Omit<Institution, 'id' | 'townshipCode' | 'approvals'> & {
  townshipCode?: string | null;
  approvals: ApprovalRow[];
};

const EMPTY: Partial<Values> = { nature: 'private', status: 'active', approvals: [] };

export function InstitutionFormModal(props: { item: Institution | null; open: boolean; onClose: () => void }) {
  const { item, open, onClose } = props;
  const townships = useTownships();
  const save = useCatalogSave('catalog:institutionSave');
  const handlers = useSaveHandlers(item ? '培训机构已保存' : '培训机构已新增', onClose);
  return (
    <FormModal<Values>
      title={item ? `编辑培训机构：${item.name}` : '新增培训机构'}
      open={open}
      width={760}
      pending={save.isPending}
      initialValues={item ? { ...item, approvals: groupApprovals(item.approvals) } : EMPTY}
      onClose={onClose}
      onSubmit={(v, form) =>
        save.mutate(
          {
            ...(item ? { id: item.id } : {}),
            code: v.code.trim(),
            name: v.name,
            address: v.address ?? '',
            nature: v.nature,
            contactPerson: v.contactPerson ?? '',
            contactPhone: v.contactPhone ?? '',
            townshipCode: v.townshipCode ?? null,
            status: v.status,
            approvals: flattenApprovals(v.approvals),
          },
          handlers(form),
        )
      }
    >
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            label="机构代码"
            name="code"
            rules={[
              { required: true, message: '请输入机构代码' },
              { pattern: /^\s*[A-Za-z0-9-]{2,32}\s*$/, message: '机构代码为 2–32 位字母、数字或短横线' },
            ]}
          >
            <Input autoFocus autoComplete="off" maxLength={32} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item
            label="机构名称"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请输入机构名称' }]}
          >
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="性质" name="nature" rules={[{ required: true, message: '请选择性质' }]}>
            <Select options={labelOptions(NATURE_LABELS)} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="乡镇" name="townshipCode">
            <Select
              allowClear
              showSearch={searchByLabel}
              placeholder="请选择"
              options={townships.data?.map((t) => ({ value: t.code, label: t.name }))}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="状态" name="status" rules={[{ required: true }]}>
            <Select options={labelOptions(INSTITUTION_STATUS_LABELS)} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label="地址" name="address">
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="联系人" name="contactPerson">
            <Input maxLength={30} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="联系电话" name="contactPhone">
            <Input maxLength={20} autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <ApprovalsField />
    </FormModal>
  );
}
