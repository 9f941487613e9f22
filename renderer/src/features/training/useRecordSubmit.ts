import type { FormInstance } from 'antd';
import { useState } from 'react';
import { applyFieldErrors, errorText, useFeedback } from '../../app/feedback';

/**
 * What a training record's modal does with the answer: close with a message on success; on a
 * refusal keep the modal open with the server's reason (e.g. 出勤率 62% 低于最低要求 80%).
 */
export function useRecordSubmit(successText: string, onClose: () => void) {
  const feedback = useFeedback();
  const [error, setError] = useState<string | null>(null);
  const handlers = (form: FormInstance) => ({
    onSuccess: () => {
      setError(null);
      feedback.success(successText);
      onClose();
    },
    onError: (e: unknown) => {
      if (applyFieldErrors(form, e).length === 0) setError(errorText(e));
    },
  });
  const close = () => {
    setError(null);
    onClose();
  };
  return { error, handlers, close };
}
