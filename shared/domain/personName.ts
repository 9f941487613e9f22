// Names keep rare characters (e.g. 䶮, CJK Extension A/B) and the middle dot used in
// minority and transliterated names; digits and most punctuation are typing mistakes.
export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

export function checkPersonName(raw: string): NameCheck {
  const name = raw
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[.•．・]/g, '·');
  if (name === '') return { ok: false, message: '请输入姓名' };
  const len = [...name].length;
  if (len > 30) return { ok: false, message: `姓名过长（${len} 字），最多 30 字` };
  if (/\d/.test(name)) return { ok: false, message: '姓名中不能有数字' };
  if (!/^[\p{Script=Han}\p{L}· ]+$/u.test(name)) {
    return { ok: false, message: '姓名只能包含汉字、字母和间隔号“·”' };
  }
  return { ok: true, name };
}
