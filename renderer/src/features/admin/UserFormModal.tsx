import { Form, Input, Modal, Select } from 'antd';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/contract/roles';
import type { UserRow } from '../../../../shared/contract/schemas/auth';
import { applyFieldErrors, useFeedback } from '../../app/feedback';
import { passwordRules } from '../../app/passwordRules';
import { useInstitutions } from '../catalog/api';
import { searchByLabel } from '../catalog/labels';
import { useTownships } from '../workers/api';
import { useUserMutation } from './api';

interface Values {
  username: string;
  displayName: string;
  role: Role;
  institutionId?: number | null;
  townships?: string[];
  password: string;
}

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Creates a user when `user` is null, otherwise edits its name and role. */
export function UserFormModal({ open, user, onClose }: { open: boolean; user: UserRow | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const institutions = useInstitutions();
  const townshipList = useTownships();
  const feedback = useFeedback();
  const create = useUserMutation('user:create');
  const update = useUserMutation('user:update');
  const pending = create.isPending || update.isPending;

  const onFinish = (v: Values) => {
    const institutionId = v.role === 'institutionOperator' ? (v.institutionId ?? null) : null;
    // 所属乡镇 only for a clerk: the server refuses them for any other role.
    const townships = v.role === 'clerk' ? (v.townships ?? []) : [];
    const handlers = {
      onSuccess: () => {
        feedback.success(user ? '用户信息已保存' : '用户已创建');
        onClose();
      },
      onError: (e: unknown) => {
        applyFieldErrors(form, e);
        feedback.error(e);
      },
    };
    const common = { displayName: v.displayName, role: v.role, institutionId, townships };
    if (user) update.mutate({ id: user.id, ...common }, handlers);
    else create.mutate({ username: v.username, ...common, password: v.password }, handlers);
  };

  return (
    <Modal
      title={user ? `编辑用户：${user.username}` : '新建用户'}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={pending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          user
            ? {
                displayName: user.displayName,
                role: user.role,
                institutionId: user.institutionId,
                townships: user.townships,
              }
            : { role: 'clerk' }
        }
        onFinish={onFinish}
      >
        {!user && (
          <Form.Item
            label="用户名"
            name="username"
            extra="2–32 位字母、数字、下划线、点或短横线，用于登录"
            rules={[
              { required: true, message: '请输入用户名' },
              { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: '用户名为 2–32 位字母、数字、下划线、点或短横线' },
            ]}
          >
            <Input autoFocus autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input autoFocus={!!user} maxLength={30} autoComplete="off" />
        </Form.Item>
        <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={ROLE_OPTIONS} />
        </Form.Item>
        {role === 'institutionOperator' && (
          <Form.Item
            label="所属培训机构"
            name="institutionId"
            extra="培训机构操作员必须绑定一个培训机构"
            rules={[{ required: true, message: '请选择培训机构' }]}
          >
            <Select
              showSearch={searchByLabel}
              placeholder="请选择"
              loading={institutions.isLoading}
              options={institutions.data?.map((i) => ({
                value: i.id,
                label: i.status === 'active' ? `${i.name}（${i.code}）` : `${i.name}（${i.code}，已暂停）`,
              }))}
            />
          </Form.Item>
        )}
        {role === 'clerk' && (
          <Form.Item
            label="所属乡镇"
            name="townships"
            extra="乡镇服务站的经办人选择其乡镇，只能查看和办理这些乡镇的劳动者；不选为县级经办人，可办理全县"
          >
            <Select
              mode="multiple"
              allowClear
              placeholder="不选：全县"
              loading={townshipList.isLoading}
              options={townshipList.data?.map((t) => ({ value: t.code, label: t.name }))}
              optionFilterProp="label"
            />
          </Form.Item>
        )}
        {!user && (
          <Form.Item label="初始密码" name="password" extra="至少 8 位，须同时包含字母和数字" rules={passwordRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
