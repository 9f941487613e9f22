import type { FormRule } from 'antd';

/** Mirrors the server's Password schema so the clerk sees the rule before submitting. */
export const passwordRules: FormRule[] = [
  { required: true, message: '请输入密码' },
  { min: 8, message: '密码至少 8 位' },
  { max: 128, message: '密码最多 128 位' },
  {
    validator: async (_, value: unknown) => {
      if (typeof value === 'string' && value.length >= 8 && !(/[A-Za-z]/.test(value) && /\d/.test(value))) {
        throw new Error('密码须同时包含字母和数字');
      }
    },
  },
];

export function confirmRules(field: string): FormRule[] {
  return [
    { required: true, message: '请再次输入密码' },
    ({ getFieldValue }) => ({
      validator: async (_, value: unknown) => {
        if (value && value !== getFieldValue(field)) throw new Error('两次输入的密码不一致');
      },
    }),
  ];
}
