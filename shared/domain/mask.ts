// Lists and exports show personal data masked; the full value is a deliberate, audited view.

/** 530523199001011234 → 530523********1234 */
export function maskIdNumber(id: string): string {
  if (id.length !== 18) return id.length > 4 ? '*'.repeat(id.length - 4) + id.slice(-4) : id;
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** 张三丰 → 张*丰; 李四 → 李*; 阿依古丽·买买提 → 阿*提 (one star, so long names stay short on a QR). */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars[chars.length - 1]}`;
}
