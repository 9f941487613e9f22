import { Form } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../app/api';
import { applyFieldErrors, useFeedback } from '../../app/feedback';
import { formChanged } from '../../app/forms/formDirty';
import { useConfirmDiscard, useLeaveGuard } from '../../app/forms/leaveGuard';
import { useOwnTownships, useSaveWorker } from './api';
import type { IdConflict } from './IdNumberField';
import { useFormKeyboard } from './useFormKeyboard';
import { pickInto, workerChoices } from './workerChoices';
import { enterBlocker, showBlocker } from './workerEnterChecks';
import { FIELD_ORDER, toInput, type WorkerFormValues } from './workerFormValues';

/** What the registration form does: save, save and register the next person, cancel, keys. */
export function useWorkerForm(workerId: number | null, initialValues: WorkerFormValues) {
  const [form] = Form.useForm<WorkerFormValues>();
  const navigate = useNavigate();
  const location = useLocation();
  const feedback = useFeedback();
  const save = useSaveWorker();
  const confirmDiscard = useConfirmDiscard();
  const [conflict, setConflict] = useState<IdConflict | null>(null);
  /** Set by the ID field once the server says the number is registered. */
  const registeredRef = useRef(false);
  /** Whether this save is 保存并登记下一位. */
  const andNext = useRef(false);
  const [saved, setSaved] = useState(0);

  const dirty = useCallback(() => formChanged(form, initialValues), [form, initialValues]);
  useLeaveGuard(dirty);

  const leave = useCallback(() => {
    if (location.key !== 'default') navigate(-1);
    else navigate(workerId === null ? '/workers' : `/workers/${workerId}`);
  }, [location.key, navigate, workerId]);
  const cancel = useCallback(() => confirmDiscard(dirty(), leave), [confirmDiscard, dirty, leave]);
  const submit = useCallback(() => {
    andNext.current = false;
    form.submit();
  }, [form]);
  const submitNext = useCallback(() => {
    andNext.current = workerId === null;
    form.submit();
  }, [form, workerId]);

  const stay = useCallback(
    (id: string) => {
      const why = enterBlocker(form, id, registeredRef.current);
      if (why) showBlocker(form, id, why);
      return why !== null;
    },
    [form],
  );
  const townships = useOwnTownships();
  const onKeyDownCapture = useFormKeyboard(FIELD_ORDER, submit, cancel, {
    stay,
    choices: workerChoices(townships.data),
    pick: (id, value) => pickInto(form, id, value),
    ...(workerId === null ? { submitAlt: submitNext } : {}),
  });

  /** The next person at the window usually lives where the last one did. */
  const startNext = (name: string, values: WorkerFormValues) => {
    feedback.success(`登记成功：${name}。请登记下一位`);
    form.resetFields();
    form.setFieldsValue({ townshipCode: values.townshipCode, village: values.village });
    setConflict(null);
    setSaved((n) => n + 1);
    // After the reset has rendered: resetFields mounts the fields' inputs anew, and an input
    // focused before that is gone.
    setTimeout(() => document.getElementById('idNumber')?.focus(), 0);
  };

  const onFinish = (values: WorkerFormValues) => {
    setConflict(null);
    const next = andNext.current;
    save.mutate(
      { id: workerId, input: toInput(values) },
      {
        onSuccess: (w) => {
          if (next) return startNext(w.name, values);
          feedback.success(workerId === null ? '登记成功' : '保存成功');
          navigate(`/workers/${w.id}`, { replace: true });
        },
        onError: (e) => {
          feedback.error(e);
          const names = applyFieldErrors(form, e);
          const first = FIELD_ORDER.find((n) => names.includes(n));
          if (first) document.getElementById(first)?.focus();
          const detail = e instanceof ApiError && e.code === 'CONFLICT' ? e.body.detail : undefined;
          if (typeof detail?.workerId === 'number') {
            setConflict({ workerId: detail.workerId, name: typeof detail.name === 'string' ? detail.name : '' });
          }
        },
      },
    );
  };

  return { form, save, conflict, setConflict, registeredRef, saved, cancel, submitNext, onKeyDownCapture, onFinish };
}
