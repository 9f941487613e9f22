// Mainland mobile numbers: 11 digits starting with 1[3-9]. Landlines are not accepted
// because the bureau sends training notices by SMS.
export type PhoneCheck = { ok: true; phone: string } | { ok: false; message: string };

export function checkMobilePhone(raw: string): PhoneCheck {
  const phone = raw
    .replace(/[\s-]/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^\+?86/, '');
  if (!/^\d+$/.test(phone)) return { ok: false, message: '手机号码只能包含数字' };
  if (phone.length !== 11) return { ok: false, message: `手机号码应为 11 位，当前为 ${phone.length} 位` };
  if (!/^1[3-9]/.test(phone)) return { ok: false, message: '手机号码应以 13–19 开头' };
  return { ok: true, phone };
}
