import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useMemo, useState } from 'react';
import { labelMatches } from '../../../../shared/domain/pinyin';

/**
 * The rows whose words match what was typed: any of `words(row)` contains it, or it is their pinyin
 * (full or initials), as in the drop-downs. Catalogues are a few hundred rows: filtered here.
 */
export function useCatalogFilter<T>(rows: readonly T[] | undefined, words: (row: T) => readonly string[]) {
  const [text, setText] = useState('');
  const q = text.trim();
  const shown = useMemo(
    () => (q && rows ? rows.filter((r) => words(r).some((w) => w !== '' && labelMatches(w, q))) : rows),
    // `words` is a fixed function of each tab.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, q],
  );
  return { text, setText, shown: shown as T[] | undefined };
}

export function CatalogSearch(p: { label: string; placeholder: string; value: string; onChange: (v: string) => void }) {
  return (
    <Input
      allowClear
      aria-label={p.label}
      prefix={<SearchOutlined />}
      placeholder={p.placeholder}
      style={{ width: 280 }}
      maxLength={40}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value)}
    />
  );
}
