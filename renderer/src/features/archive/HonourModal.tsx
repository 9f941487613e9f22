import { Alert, Checkbox, Form, Input, InputNumber, Radio, Select } from 'antd';
import type { Honour } from '../../../../shared/contract/schemas/archive';
import { FormModal } from '../../app/FormModal';
import { searchByLabel } from '../catalog/labels';
import { useRecordSubmit } from '../training/useRecordSubmit';
import { useArchiveAdd } from './api';
import { HONOUR_KIND_OPTIONS, RANK_OPTIONS } from './labels';

interface Values {
  kind: Honour['kind'];
  name: string;
  rank: Honour['rank'];
  award: string;
  year: number;
  issuer?: string;
  historical: boolean;
}

interface Props {
  workerId: number;
  open: boolean;
  onClose: () => void;
}

/** 添加竞赛/荣誉: a skills-competition award or an honorary title. */
export function HonourModal({ workerId, open, onClose }: Props) {
  const add = useArchiveAdd('archive:addHonour');
  const { error, handlers, close } = useRecordSubmit('竞赛/荣誉已添加', onClose);
  return (
    <FormModal<Values>
      title="添加竞赛/荣誉"
      open={open}
      pending={add.isPending}
      width={560}
      initialValues={{ kind: 'competition', year: new Date().getFullYear(), historical: false }}
      onClose={close}
      onSubmit={(v, form) =>
        add.mutate(
          { workerId, ...v, name: v.name.trim(), award: v.award.trim(), issuer: v.issuer?.trim() ?? '' },
          handlers(form),
        )
      }
    >
      <Form.Item label="类别" name="kind" rules={[{ required: true, message: '请选择类别' }]}>
        <Radio.Group options={HONOUR_KIND_OPTIONS} optionType="button" />
      </Form.Item>
      <Form.Item
        label="竞赛或荣誉名称"
        name="name"
        rules={[{ required: true, whitespace: true, min: 2, message: '请输入竞赛或荣誉名称' }]}
      >
        <Input autoFocus maxLength={80} autoComplete="off" placeholder="如：云南省职业技能大赛（养老护理员）" />
      </Form.Item>
      <Form.Item label="级别" name="rank" rules={[{ required: true, message: '请选择级别' }]}>
        <Select showSearch={searchByLabel} options={RANK_OPTIONS} placeholder="请选择" />
      </Form.Item>
      <Form.Item
        label="奖项或称号"
        name="award"
        rules={[{ required: true, whitespace: true, message: '请输入奖项或称号' }]}
      >
        <Input maxLength={30} autoComplete="off" placeholder="如：二等奖、技术能手" />
      </Form.Item>
      <Form.Item label="年度" name="year" rules={[{ required: true, message: '请输入年度' }]}>
        <InputNumber min={1950} max={2100} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item label="颁发单位" name="issuer">
        <Input maxLength={60} autoComplete="off" placeholder="选填" />
      </Form.Item>
      <Form.Item name="historical" valuePropName="checked">
        <Checkbox>系统上线前取得（补录）</Checkbox>
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
