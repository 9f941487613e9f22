import { renderVouchersPdf, type VoucherPrint } from './electron/pdf/voucher.pdf';
const text = 'LLV1:RWGSLK/-4N+83G6M+8HFC67B$RLIYVCJ65R2HUB-DGY50-C3-+7D61PS0-C30D0LFU.C3JW6G61N33J81.6TUBL5E1*96EL6AJ14M2452X5R -H:TL$O1RL68FJIQF27BZEMFAH7:4Y22SE1ESC.GR0PCZ6TTX7OJF.+2D-OW.6AMO0:S*:N1-MT-H+60T*4QQN+6A9:34PQF2P:LGMRH*UPSXIA:N75L';
const v: VoucherPrint[] = Array.from({ length: 1000 }, (_, i) => ({ serial: `530523-2026-${String(i).padStart(6,'0')}-1`, fallbackCode: 'ABCD-EFG-HJK', holderName: `工人`, idNumber: '530523199001011234', planName: '职业技能提升行动', occupationName: '电工', occupationCode: '6-31-01-03', level: 'L5', amountFen: 120000, issueDate: '2026-11-29', expiryDate: '2027-02-26', institutionName: null, fundSourceName: '就业补助资金', qrText: text.slice(0, 200) + String(i).padStart(4, '0') + text.slice(204) }));
for (let k = 0; k < 2; k++) {
const t = performance.now();
const pdf = await renderVouchersPdf(v, { jurisdictionName: '龙陵县', bureauName: '龙陵县人力资源和社会保障局' });
console.log('ms', performance.now() - t, pdf.length);
}
