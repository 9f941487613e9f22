import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Tag, Tooltip } from 'antd';
import type { CSSProperties } from 'react';
import { useNavigate } from 'react-router-dom';
import { pendingText, type PendingField } from '../../../../shared/contract/schemas/worker';
import { useCurrentUser } from '../../app/session/sessionContext';
import { canEditWorkers } from './access';

/**
 * A worker registered from a roster that did not say everything (待补充): which fields, that no
 * voucher is issued before they are filled in, and (for clerks) the way to fill them in.
 */
export function PendingAlert({
  workerId,
  fields,
  inForm = false,
  style,
}: {
  workerId: number;
  fields: readonly PendingField[];
  /** Above the edit form itself: no button, the form is where they are filled in. */
  inForm?: boolean;
  style?: CSSProperties;
}) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  if (fields.length === 0) return null;
  const canEdit = canEditWorkers(user.role);
  return (
    <Alert
      type="warning"
      showIcon
      style={style}
      title={`信息待补充：${pendingText(fields)}`}
      description={
        inForm
          ? '该劳动者由花名册导入，表格中没有这些信息：请在下面选择后保存，保存后才能发券。'
          : `该劳动者由花名册导入，表格中没有这些信息，补充后才能发券。${canEdit ? '' : '请联系窗口经办人补充。'}`
      }
      action={
        canEdit &&
        !inForm && (
          <Button icon={<EditOutlined />} onClick={() => navigate(`/workers/${workerId}/edit`)}>
            补充信息
          </Button>
        )
      }
    />
  );
}

/** The short mark in lists. */
export function PendingTag({ fields }: { fields: readonly PendingField[] }) {
  if (fields.length === 0) return null;
  return (
    <Tooltip title={`待补充：${pendingText(fields)}`}>
      <Tag color="orange">待补充</Tag>
    </Tooltip>
  );
}
