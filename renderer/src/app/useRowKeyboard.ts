import { useRef, type KeyboardEvent, type RefObject } from 'react';

/**
 * Arrow keys walk a table's rows and Enter opens one; ArrowUp from the first row returns to
 * the search box. Rows need tabIndex 0 and this handler as onKeyDown.
 */
export function useRowKeyboard<T>(open: (record: T) => void, searchRef?: RefObject<{ focus(): void } | null>) {
  const tableRef = useRef<HTMLDivElement>(null);
  const rows = () => [...(tableRef.current?.querySelectorAll<HTMLElement>('tbody tr[data-row-key]') ?? [])];

  const focusFirstRow = () => rows()[0]?.focus();

  const onRowKey = (e: KeyboardEvent<HTMLElement>, record: T) => {
    const all = rows();
    const i = all.indexOf(e.currentTarget);
    if (e.key === 'Enter') open(record);
    else if (e.key === 'ArrowDown') all[i + 1]?.focus();
    else if (e.key === 'ArrowUp') (i > 0 ? all[i - 1] : searchRef?.current)?.focus();
    else return;
    e.preventDefault();
  };

  return { tableRef, focusFirstRow, onRowKey };
}
