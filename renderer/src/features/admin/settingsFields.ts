import type { Settings } from '../../../../shared/contract/schemas/settings';

/** The numeric settings, grouped as the form shows them: label, range and a line of help. */
export interface NumberField {
  name: keyof Settings;
  label: string;
  min: number;
  max: number;
  extra?: string;
}

export const SETTING_GROUPS: { title: string; fields: NumberField[] }[] = [
  {
    title: '发券规则',
    fields: [
      { name: 'voucherValidityDays', label: '有效期（天）', min: 1, max: 366 },
      { name: 'ruleAgeMin', label: '最低年龄', min: 14, max: 30 },
      { name: 'ruleAgeMaxMale', label: '男性年龄上限', min: 40, max: 80 },
      { name: 'ruleAgeMaxFemale', label: '女性年龄上限', min: 40, max: 80 },
      { name: 'ruleMaxPerYear', label: '每人每年最多', min: 1, max: 12, extra: '每人每年最多领取的培训券张数' },
      { name: 'minAttendancePct', label: '结业最低出勤率（%）', min: 0, max: 100 },
    ],
  },
  {
    title: '补贴结算',
    fields: [
      {
        name: 'settleFullAttendancePct',
        label: '全额拨付出勤率（%）',
        min: 0,
        max: 100,
        extra: '出勤率达到该值按券面金额拨付',
      },
      {
        name: 'settlePartialRatePct',
        label: '按比例拨付比例（%）',
        min: 0,
        max: 100,
        extra: '出勤率低于全额拨付要求时按券面金额的该比例拨付；0 表示不拨付',
      },
    ],
  },
  {
    title: '2025 年目标',
    fields: [
      { name: 'targetPersonTimes', label: '培训人次', min: 0, max: 10_000_000 },
      { name: 'targetSkilled', label: '技能人才（人）', min: 0, max: 10_000_000 },
      { name: 'targetHighSkill', label: '高技能人才（人）', min: 0, max: 10_000_000 },
    ],
  },
  {
    title: '异常提示',
    fields: [
      {
        name: 'spikeFactor',
        label: '核销突增倍数',
        min: 2,
        max: 50,
        extra: '某机构一天的核销量超过其前 28 天日均的倍数',
      },
      { name: 'spikeMin', label: '核销突增最少张数', min: 1, max: 10_000 },
      { name: 'farRedemptionKm', label: '异地核销距离（公里）', min: 1, max: 2000 },
    ],
  },
];
