// Importing an institution's registration file. One that would replace the key the institution uses
// now is confirmed first: the file's institution code is only the file's word, so the new key number
// is checked with the institution by telephone before the old key stops being accepted.
import { App } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../../app/api';
import { useFeedback } from '../../app/feedback';
import { useExchange } from './api';

const wouldReplace = (e: unknown): e is ApiError =>
  e instanceof ApiError && e.code === 'CONFLICT' && Array.isArray(e.body.detail?.replace);

export function useBindRegistration() {
  const { modal } = App.useApp();
  const feedback = useFeedback();
  const { mutateAsync, isPending } = useExchange('institution:bind');
  const bind = useCallback(
    async (text: string) => {
      const done = (r: { institutionCode: string; kid: string; superseded: string[] }) =>
        feedback.success(
          `已登记机构 ${r.institutionCode} 的密钥（${r.kid}）` +
            (r.superseded.length > 0 ? `，旧密钥 ${r.superseded.join('、')} 已停用` : ''),
        );
      try {
        done(await mutateAsync({ text }));
      } catch (e) {
        if (!wouldReplace(e)) return feedback.error(e);
        modal.confirm({
          title: '更换该机构的密钥？',
          content: e.message,
          okText: '已核对，更换密钥',
          okButtonProps: { danger: true },
          cancelText: '取消',
          autoFocusButton: 'cancel',
          onOk: () => mutateAsync({ text, replace: true }).then(done, (again: unknown) => feedback.error(again)),
        });
      }
    },
    [feedback, modal, mutateAsync],
  );
  return { bind, isPending };
}
