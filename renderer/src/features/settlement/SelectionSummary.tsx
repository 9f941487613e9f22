import { SendOutlined } from '@ant-design/icons';
import { Button, Input, Space, theme, Typography } from 'antd';
import { fenToChineseUpper } from '../../../../shared/domain/money';
import { formatYuan } from '../../app/format';

interface Props {
  count: number;
  totalFen: number;
  note: string;
  onNote: (note: string) => void;
  pending: boolean;
  onSubmit: () => void;
}

/** The bar that stays at the bottom of the new-batch page: what is selected, the note, submit. */
export function SelectionSummary({ count, totalFen, note, onNote, pending, onSubmit }: Props) {
  const { token } = theme.useToken();
  return (
    <div
      role="region"
      aria-label="结算合计"
      style={{
        position: 'sticky',
        bottom: 0,
        zIndex: 3,
        marginTop: 16,
        padding: '12px 16px',
        background: token.colorBgContainer,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        boxShadow: token.boxShadowTertiary,
      }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text style={{ fontSize: 16 }}>
          已选 <Typography.Text strong>{count}</Typography.Text> 张，合计{' '}
          <Typography.Text strong>{formatYuan(totalFen)}</Typography.Text>
          {count > 0 && <Typography.Text type="secondary">（{fenToChineseUpper(totalFen)}）</Typography.Text>}
        </Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            aria-label="备注"
            placeholder="备注（可选，最多 200 字），回车提交"
            maxLength={200}
            value={note}
            onChange={(e) => onNote(e.target.value)}
            onPressEnter={onSubmit}
          />
          <Button type="primary" icon={<SendOutlined />} loading={pending} disabled={count === 0} onClick={onSubmit}>
            提交复核
          </Button>
        </Space.Compact>
      </Space>
    </div>
  );
}
