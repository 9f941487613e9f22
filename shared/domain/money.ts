// Money is integer fen everywhere; these turn it into what people read.

export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses "1,500.5" or "1500" (元) into fen, refusing more than two decimals. */
export function yuanToFen(text: string): number | null {
  const t = text.replace(/[,，\s]/g, '');
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(t)) return null;
  const [y, f = ''] = t.split('.');
  return Number(y) * 100 + Number(f.padEnd(2, '0'));
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

function section(n: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
    } else {
      if (zero) out += '零';
      out += DIGITS[d]! + SMALL_UNITS[i]!;
      zero = false;
    }
  }
  return out;
}

/** 150000 → 壹仟伍佰元整; 100550 → 壹仟零伍元伍角 (the form used on financial documents). */
export function fenToChineseUpper(fen: number): string {
  if (!Number.isInteger(fen) || fen < 0) throw new RangeError('amount must be a non-negative integer of fen');
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const fenDigit = fen % 10;
  let out = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let y = yuan; y > 0; y = Math.floor(y / 10000)) groups.push(y % 10000);
    let pendingZero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const v = groups[g]!;
      if (v === 0) {
        pendingZero = out !== '';
        continue;
      }
      if (out && (pendingZero || v < 1000)) out += '零';
      out += section(v) + BIG_UNITS[g]!;
      pendingZero = false;
    }
    out += '元';
  }
  if (jiao === 0 && fenDigit === 0) return out + '整';
  if (jiao > 0) out += DIGITS[jiao]! + '角';
  else if (yuan > 0) out += '零';
  if (fenDigit > 0) out += DIGITS[fenDigit]! + '分';
  else out += '整';
  return out;
}
