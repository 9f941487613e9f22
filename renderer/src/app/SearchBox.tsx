import { SearchOutlined } from '@ant-design/icons';
import { Input, type InputRef } from 'antd';
import type { KeyboardEvent, Ref } from 'react';

interface Props {
  label: string;
  placeholder: string;
  value: string;
  onChange: (text: string) => void;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
  ref: Ref<InputRef>;
}

/** The search-as-you-type box that list pages start in: focused on arrival, arrows lead into the results. */
export function SearchBox({ label, placeholder, value, onChange, onKeyDown, ref }: Props) {
  return (
    <Input
      ref={ref}
      autoFocus
      allowClear
      aria-label={label}
      prefix={<SearchOutlined />}
      placeholder={placeholder}
      style={{ width: 340 }}
      maxLength={40}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={onKeyDown}
    />
  );
}
