import { Select, type RefSelectProps } from 'antd';
import { useRef, useState } from 'react';
import { usePageFocus } from '../../app/usePageFocus';
import { useDebouncedValue } from '../../app/useDebouncedValue';
import { useWorkerSearch } from '../workers/api';

/** Finds the worker a voucher is for, by name, ID-number tail or phone. */
export function WorkerPicker({ onPick }: { onPick: (workerId: number) => void }) {
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 250);
  const search = useWorkerSearch({ q, page: 1, pageSize: 10 });
  const ref = useRef<RefSelectProps>(null);
  usePageFocus(ref);
  return (
    <Select
      ref={ref}
      showSearch={{ filterOption: false, onSearch: setText }}
      aria-label="选择劳动者"
      placeholder="输入姓名、身份证号后4位或手机号查找劳动者"
      style={{ width: 480 }}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? '查找中…' : '未找到劳动者'}
      options={search.data?.items.map((w) => ({
        value: w.id,
        label: [w.name, w.idNumberMasked, w.townshipName].join('　'),
      }))}
      onChange={(id: number) => onPick(id)}
    />
  );
}
