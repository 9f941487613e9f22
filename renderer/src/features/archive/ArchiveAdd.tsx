import { PlusOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { EmploymentModal } from './EmploymentModal';
import { HistoricalCertificateModal } from './HistoricalCertificateModal';
import { HistoricalTrainingModal } from './HistoricalTrainingModal';
import { HonourModal } from './HonourModal';

export type Adding = 'training' | 'certificate' | 'honour' | 'employment';

const BUTTONS: { kind: Adding; label: string }[] = [
  { kind: 'training', label: '补录培训记录' },
  { kind: 'certificate', label: '补录证书' },
  { kind: 'honour', label: '添加竞赛/荣誉' },
  { kind: 'employment', label: '添加就业情况' },
];

export function ArchiveAddButtons({ onAdd }: { onAdd: (kind: Adding) => void }) {
  return (
    <Space wrap>
      {BUTTONS.map((b) => (
        <Button key={b.kind} icon={<PlusOutlined />} onClick={() => onAdd(b.kind)}>
          {b.label}
        </Button>
      ))}
    </Space>
  );
}

interface Props {
  workerId: number;
  adding: Adding | null;
  onClose: () => void;
}

/** The four forms that add to an archive; at most one is open. */
export function ArchiveAddModals({ workerId, adding, onClose }: Props) {
  return (
    <>
      <HistoricalTrainingModal workerId={workerId} open={adding === 'training'} onClose={onClose} />
      <HistoricalCertificateModal workerId={workerId} open={adding === 'certificate'} onClose={onClose} />
      <HonourModal workerId={workerId} open={adding === 'honour'} onClose={onClose} />
      <EmploymentModal workerId={workerId} open={adding === 'employment'} onClose={onClose} />
    </>
  );
}
