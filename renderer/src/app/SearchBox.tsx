import { SearchOutlined } from '@ant-design/icons';
import { Input, type InputRef } from 'antd';
import { useState, type KeyboardEvent, type RefObject } from 'react';
import { usePageFocus } from './usePageFocus';
import { isCode, isQrText, useScanOpen } from './useScanOpen';

interface Props {
  label: string;
  placeholder: string;
  value: string;
  onChange: (text: string) => void;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
  ref: RefObject<InputRef | null>;
}

/**
 * The search-as-you-type box that list pages start in: focused on arrival, arrows lead into the
 * results. A scanned QR is held here rather than searched for, and Enter on a QR, a serial, a 备用码
 * or a full ID number opens what it names.
 */
export function SearchBox({ label, placeholder, value, onChange, onKeyDown, ref }: Props) {
  const [scan, setScan] = useState<string | null>(null);
  const { open } = useScanOpen();
  usePageFocus(ref);

  const change = (text: string) => {
    if (isQrText(text)) {
      setScan(text);
      if (value !== '') onChange('');
      return;
    }
    setScan(null);
    onChange(text);
  };

  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const text = scan ?? value;
    if (e.key === 'Enter' && !e.nativeEvent.isComposing && isCode(text)) {
      e.preventDefault();
      // Not found as a code (or not for this role): the page's own Enter (open the one result) goes on.
      void open(text).then((opened) => (opened ? setScan(null) : onKeyDown(e)));
      return;
    }
    onKeyDown(e);
  };

  return (
    <Input
      ref={ref}
      allowClear
      aria-label={label}
      prefix={<SearchOutlined />}
      placeholder={`${placeholder}；可扫码直达`}
      style={{ width: 380 }}
      maxLength={4000}
      value={scan ?? value}
      onChange={(e) => change(e.target.value)}
      onKeyDown={keyDown}
    />
  );
}
