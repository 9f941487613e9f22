// The content of a printed archive extract, built once, hashed into its QR and stored, so that a
// later check can tell whether what the paper certifies is what was printed.
import { CERTIFICATE_TYPES } from '../../../shared/contract/schemas/training';
import { EMPLOYMENT_KINDS, HONOUR_RANKS, type Archive } from '../../../shared/contract/schemas/archive';
import { skillLevel } from '../../../shared/catalog/skillLevels';
import { EDUCATIONS, labelOf, TARGET_GROUPS } from '../../../shared/catalog/workerOptions';
import { PENDING_MARK as PENDING } from '../../../shared/contract/schemas/worker';
import { maskIdNumber } from '../../../shared/domain/mask';
import { fenToYuan } from '../../../shared/domain/money';

export interface ExtractSnapshot {
  number: string;
  generatedAt: string;
  operator: string;
  jurisdiction: string;
  bureau: string;
  identity: [string, string][];
  tables: { title: string; headers: string[]; widths: number[]; rows: string[][] }[];
}

const level = (c: string) => skillLevel(c)?.label ?? c;
const RESULT: Record<string, string> = { passed: '合格', failed: '不合格', unknown: '不详' };

export function buildSnapshot(
  a: Archive,
  meta: {
    number: string;
    generatedAt: string;
    operator: string;
    jurisdiction: string;
    bureau: string;
    showFullId: boolean;
  },
): ExtractSnapshot {
  const w = a.worker;
  return {
    number: meta.number,
    generatedAt: meta.generatedAt,
    operator: meta.operator,
    jurisdiction: meta.jurisdiction,
    bureau: meta.bureau,
    identity: [
      ['姓名', w.name],
      ['公民身份号码', meta.showFullId ? w.idNumber : maskIdNumber(w.idNumber)],
      ['性别', w.gender === 'M' ? '男' : '女'],
      // With the mask, the year only: the date is the 8 digits the mask hides.
      meta.showFullId && w.birthDate ? ['出生日期', w.birthDate] : ['出生年份', `${w.birthYear} 年`],
      ['民族', w.ethnicity ?? PENDING],
      ['文化程度', labelOf(EDUCATIONS, w.education) || PENDING],
      ['乡镇', w.townshipName],
      ['重点群体', w.targetGroups.map((g) => labelOf(TARGET_GROUPS, g)).join('、') || '无'],
    ],
    tables: [
      {
        title: '培训记录',
        headers: ['培训机构', '职业（工种）', '等级', '起止日期', '学时', '出勤率', '结果'],
        widths: [130, 90, 70, 100, 35, 40, 34],
        rows: a.trainings.map((t) => [
          t.institutionName + (t.source === 'historical' ? '（补录）' : ''),
          t.occupationName,
          level(t.level),
          `${t.startDate}${t.endDate ? ` 至 ${t.endDate}` : ''}`,
          String(t.hours || ''),
          t.attendancePct === null ? '' : `${t.attendancePct}%`,
          t.result ? RESULT[t.result]! : '培训中',
        ]),
      },
      {
        title: '证书',
        headers: ['证书类型', '职业（工种）及编码', '等级', '证书编号', '发证机构', '发证日期'],
        widths: [85, 110, 65, 90, 90, 59],
        rows: a.certificates.map((c) => [
          (CERTIFICATE_TYPES.find((t) => t.code === c.type)?.label ?? c.type) + (c.historical ? '（补录）' : ''),
          `${c.occupationName} ${c.occupationCode}`,
          level(c.level),
          c.number,
          c.issuingBody,
          c.issuedOn,
        ]),
      },
      {
        title: '培训补贴',
        headers: ['券号', '补贴金额（元）', '拨付日期', '拨付对象（培训机构）', '资金来源'],
        widths: [110, 75, 70, 150, 94],
        rows: a.subsidies.map((s) => [
          s.serial,
          fenToYuan(s.amountFen),
          s.date,
          s.institutionName ?? '',
          s.fundSourceName,
        ]),
      },
      {
        title: '竞赛与荣誉',
        headers: ['名称', '类别', '级别', '奖项/称号', '年度', '授予单位'],
        widths: [140, 50, 60, 70, 40, 139],
        rows: a.honours.map((h) => [
          h.name + (h.historical ? '（补录）' : ''),
          h.kind === 'competition' ? '职业技能竞赛' : '荣誉称号',
          HONOUR_RANKS[h.rank],
          h.award,
          String(h.year),
          h.issuer,
        ]),
      },
      {
        title: '培训后就业',
        headers: ['就业形式', '单位/项目', '开始日期', '备注'],
        widths: [90, 180, 80, 149],
        rows: a.employment.map((e) => [EMPLOYMENT_KINDS[e.kind], e.employer, e.startedOn, e.note]),
      },
    ],
  };
}
