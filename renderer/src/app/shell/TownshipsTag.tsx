import { Tag } from 'antd';
import { useTownships } from '../../features/workers/api';

/** 所属乡镇 of a township clerk, in the header: what they see and serve is limited to these. */
export function TownshipsTag({ codes }: { codes: readonly string[] }) {
  const townships = useTownships();
  if (codes.length === 0) return null;
  const names = codes.map((c) => townships.data?.find((t) => t.code === c)?.name ?? c);
  return (
    <Tag color="green" title="只能查看和办理这些乡镇的劳动者">
      所属乡镇：{names.join('、')}
    </Tag>
  );
}
