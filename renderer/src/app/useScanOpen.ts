import { useMutation } from '@tanstack/react-query';
import { App } from 'antd';
import { useNavigate } from 'react-router-dom';
import { looksLikeCode } from '../../../shared/contract/schemas/scan';
import { call } from './api';

/** A QR's text: too long for a list search, and meaningless to one — it is resolved instead. */
export const isQrText = (text: string) => /^LL[VE]1:/i.test(text.trim());

/** Text a search box resolves rather than searches: a QR, a serial, a 备用码 or a whole ID number. */
export const isCode = (text: string) => looksLikeCode(text) || /^\d{17}[\dXx]$/.test(text.trim());

/**
 * 扫码即达: a code scanned or typed into a search box opens what it names (a voucher, the worker an
 * extract is about, the worker with that ID number). Returns false when the text is ordinary words,
 * so the box's own search goes on.
 */
export function useScanOpen() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const resolve = useMutation({ mutationFn: (text: string) => call('scan:resolve', { text }) });

  const open = async (text: string): Promise<boolean> => {
    if (!isCode(text)) return false;
    try {
      const t = await resolve.mutateAsync(text);
      if (t.kind === 'voucher') navigate(`/vouchers/${t.voucherId}`);
      else if (t.kind === 'worker') navigate(`/workers/${t.workerId}`);
      else if (t.kind === 'extract') {
        if (t.workerId !== null) navigate(`/workers/${t.workerId}`);
        void (t.valid ? message.info(`档案摘要 ${t.number}：${t.message}`) : message.warning(t.message));
      } else {
        if (t.message) void message.warning(t.message);
        return isQrText(text);
      }
      return true;
    } catch {
      void message.error('无法识别扫描的内容');
      return isQrText(text);
    }
  };
  return { open, pending: resolve.isPending };
}
