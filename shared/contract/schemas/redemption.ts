// What an institution redeemed today, and the receipt (核销回执) the trainee takes home (issue 16 §3).
import { z } from 'zod';
import { IsoDate } from './common';
import { Serial } from './training';

const InstitutionCode = z.string().max(32).optional();

export const RedeemTodayInput = z.object({ date: IsoDate.optional(), institutionCode: InstitutionCode }).strict();
export const RedeemReceiptInput = z.object({ serial: Serial, institutionCode: InstitutionCode }).strict();

export interface TodayRedemption {
  serial: string;
  redeemedAt: string;
  redeemedBy: string | null;
  holderName: string;
  idLast4: string;
  planName: string | null;
  occupationCode: string;
  occupationName: string | null;
  level: string;
  amountFen: number;
}

export interface TodayRedemptions {
  date: string;
  institutionName: string;
  items: TodayRedemption[];
}
