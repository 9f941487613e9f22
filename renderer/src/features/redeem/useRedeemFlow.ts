import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputRef } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { call } from '../../app/api';
import { errorText } from '../../app/feedback';
import { usePageFocus } from '../../app/usePageFocus';
import { beepFailure, beepSuccess } from './beep';
import type { Outcome } from './RedeemVerdict';

/** Longer than any ID number: the scanner fired into the ID field, so it is a new voucher. */
const LOOKS_LIKE_VOUCHER = 24;

const now = () => dayjs().format('HH:mm:ss');

/**
 * 扫码 → 核验 → 身份证号 → 核销, keyboard only. The scanned text goes to the server exactly as
 * typed (base45 uses spaces and symbols). After every verdict the focus is where the next
 * keystrokes belong: the ID field when the voucher can be redeemed, else the scan field.
 */
export function useRedeemFlow(
  institutionCode: string | undefined,
  needsInstitution: boolean,
  onNoInstitution: () => void,
) {
  const [text, setText] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const scanRef = useRef<InputRef>(null);
  const idRef = useRef<InputRef>(null);
  usePageFocus(scanRef);

  const selectScan = () =>
    setTimeout(() => {
      scanRef.current?.focus();
      scanRef.current?.select();
    });

  const onNoInstitutionRef = useRef(onNoInstitution);
  useEffect(() => {
    onNoInstitutionRef.current = onNoInstitution;
  });

  // After each verdict the focus goes where the next keystrokes belong (once the ID field is enabled).
  useEffect(() => {
    if (!outcome) return;
    if (outcome.kind === 'check' && outcome.result.valid) idRef.current?.focus();
    else if (outcome.kind === 'error' && outcome.institution) onNoInstitutionRef.current();
    else {
      scanRef.current?.focus();
      scanRef.current?.select();
    }
  }, [outcome]);

  const fail = (message: string, institution = false) => {
    setOutcome({ kind: 'error', message, at: now(), institution });
    beepFailure();
  };

  const check = useMutation({
    mutationFn: (scanned: string) => call('redeem:check', { text: scanned, institutionCode }),
    onSuccess: (result, scanned) => {
      setOutcome({ kind: 'check', text: scanned, result, at: now() });
      setIdNumber('');
      if (result.valid) beepSuccess();
      else beepFailure();
    },
    onError: (e) => fail(errorText(e)),
  });

  const qc = useQueryClient();
  const confirm = useMutation({
    mutationFn: (input: { text: string; idNumber: string }) => call('redeem:confirm', { ...input, institutionCode }),
    onSuccess: (result) => {
      setOutcome({ kind: 'confirm', result, at: now() });
      if (result.ok) beepSuccess();
      else beepFailure();
      setIdNumber('');
      // The new redemption joins 今日核销 below, with its receipt.
      if (result.ok) void qc.invalidateQueries({ queryKey: ['redeem', 'today'] });
    },
    onError: (e) => fail(errorText(e)),
  });

  const busy = check.isPending || confirm.isPending;
  const awaitingId = outcome?.kind === 'check' && outcome.result.valid;

  const runCheck = (scanned = text) => {
    if (scanned === '' || busy) return;
    if (needsInstitution && !institutionCode) {
      fail('请先选择核销的培训机构', true);
      return;
    }
    check.mutate(scanned);
  };

  /** Fills the scan field from the camera or a file and checks at once. */
  const scanned = (value: string) => {
    setText(value);
    runCheck(value);
  };

  const runConfirm = () => {
    if (busy || outcome?.kind !== 'check' || !outcome.result.valid) return;
    const id = idNumber.trim();
    if (id.length > LOOKS_LIKE_VOUCHER) return scanned(idNumber);
    if (id === '') return idRef.current?.focus();
    confirm.mutate({ text: outcome.text, idNumber: id });
  };

  return {
    text,
    setText,
    idNumber,
    setIdNumber,
    outcome,
    scanRef,
    idRef,
    busy,
    awaitingId,
    checking: check.isPending,
    confirming: confirm.isPending,
    runCheck: () => runCheck(),
    runConfirm,
    scanned,
    selectScan,
    fail: (message: string) => fail(message),
  };
}
