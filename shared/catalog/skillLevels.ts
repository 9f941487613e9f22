// 技能等级 (national vocational skill levels) plus the non-graded kinds of training.
// rank orders the five graded levels (五级 = 1 … 一级 = 5); non-graded kinds have rank 0.
export const SKILL_LEVELS = [
  { code: 'L5', label: '五级/初级工', short: '初级工', rank: 1 },
  { code: 'L4', label: '四级/中级工', short: '中级工', rank: 2 },
  { code: 'L3', label: '三级/高级工', short: '高级工', rank: 3 },
  { code: 'L2', label: '二级/技师', short: '技师', rank: 4 },
  { code: 'L1', label: '一级/高级技师', short: '高级技师', rank: 5 },
  { code: 'special', label: '专项职业能力', short: '专项职业能力', rank: 0 },
  { code: 'qualified', label: '培训合格', short: '培训合格', rank: 0 },
  { code: 'syb', label: '创业培训（SYB）', short: '创业培训', rank: 0 },
] as const;

export type SkillLevelCode = (typeof SKILL_LEVELS)[number]['code'];
export const SKILL_LEVEL_CODES = SKILL_LEVELS.map((l) => l.code) as [SkillLevelCode, ...SkillLevelCode[]];

export function skillLevel(code: string) {
  return SKILL_LEVELS.find((l) => l.code === code);
}

/** 三级/高级工 and above count as high-skill (高技能人才). */
export function isHighSkill(code: string): boolean {
  return (skillLevel(code)?.rank ?? 0) >= 3;
}
