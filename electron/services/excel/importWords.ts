// The words townships write in their rosters, and the fields and codes they stand for: headers
// (身份证号码, 联系电话, 所在乡镇 …), cell values (本科, 农业, 脱贫户 …) and township names (龙山).
// The one list: a word added here is known to the import, its mapping step and the CLI alike.
import { ETHNICITIES } from '../../../shared/catalog/ethnicities';
import {
  EDUCATIONS,
  EMPLOYMENT_STATUSES,
  HOUSEHOLD_TYPES,
  TARGET_GROUPS,
  type Option,
} from '../../../shared/catalog/workerOptions';
import type { ImportField } from '../../../shared/contract/schemas/workerImport';

/** Header words per field. Compared after `normalizeHeader`, so 乡（镇） and 乡(镇) are one word. */
export const HEADER_WORDS: Record<ImportField, readonly string[]> = {
  name: ['姓名', '名字', '劳动者姓名', '学员姓名', '人员姓名', '申请人姓名', '报名人姓名'],
  idNumber: [
    '公民身份号码',
    '身份证号',
    '身份证号码',
    '身份证',
    '证件号码',
    '证件号',
    '身份证件号码',
    '居民身份证号码',
    '公民身份证号码',
    '身份证明号码',
  ],
  ethnicity: ['民族'],
  education: ['文化程度', '学历', '最高学历', '文化'],
  phone: ['手机号码', '手机', '手机号', '联系电话', '联系方式', '电话', '电话号码', '联系号码', '移动电话', '本人电话'],
  townshipCode: ['乡镇', '所在乡镇', '乡(镇)', '镇(乡)', '乡镇(街道)', '所属乡镇', '乡镇名称', '乡镇名'],
  village: [
    '村(社区)',
    '村',
    '所在村',
    '所属村',
    '村名',
    '村委会',
    '村(居)委会',
    '村(居)',
    '行政村',
    '社区',
    '村(社区)名称',
  ],
  address: ['详细地址', '住址', '家庭住址', '现住址', '居住地址', '家庭地址', '户籍地址', '地址', '通讯地址'],
  householdType: ['户口性质', '户籍性质', '户口类型', '户籍类型', '户口类别'],
  employmentStatus: ['就业状态', '就业状况', '就业情况', '就业类型'],
  targetGroups: ['重点群体', '人员类别', '人员类型', '群体类别', '人员身份', '重点人群', '所属群体'],
};

/**
 * Columns rosters often have that the import does not read: 序号 and notes, and what the ID number
 * already says (sex, birth date, age). Known, so the mapping step says why they are left out.
 */
export const IGNORED_HEADERS: Record<string, string> = {
  序号: '序号不导入',
  编号: '序号不导入',
  性别: '由身份证号推算',
  出生日期: '由身份证号推算',
  出生年月: '由身份证号推算',
  年龄: '由身份证号推算',
  备注: '备注不导入',
  签名: '签名不导入',
  本人签字: '签名不导入',
  本人签名: '签名不导入',
};

/** 公民身份号码（18位）*, “ 手机\n号码 ”, 乡（镇） → comparable text. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s*:：]/g, '')
    .replace(/^[\d.、]+(?=\D)/, ''); // "1.姓名", "2、身份证号"
}

const HEADER_INDEX = new Map<string, ImportField>();
for (const [field, words] of Object.entries(HEADER_WORDS) as [ImportField, readonly string[]][])
  for (const w of words) HEADER_INDEX.set(normalizeHeader(w), field);

/** The field a header names, tried as written and then without a trailing note in brackets. */
export function fieldForHeader(text: string): ImportField | null {
  const h = normalizeHeader(text);
  if (!h) return null;
  return HEADER_INDEX.get(h) ?? HEADER_INDEX.get(h.replace(/\([^()]*\)$/, '')) ?? null;
}

export function ignoredHeaderNote(text: string): string | null {
  const h = normalizeHeader(text);
  return IGNORED_HEADERS[h] ?? IGNORED_HEADERS[h.replace(/\([^()]*\)$/, '')] ?? null;
}

/** Other ways of writing the options' labels, per label. */
const VALUE_WORDS: Record<string, Record<string, readonly string[]>> = {
  education: {
    研究生: ['硕士', '博士', '硕士研究生', '博士研究生'],
    大学本科: ['本科'],
    大学专科: ['大专', '专科', '高职'],
    中等职业教育: ['中专', '职高', '技校', '中职', '中技', '中等专业学校'],
    普通高中: ['高中'],
    初中: ['初级中学'],
    小学: [],
    未上过学: ['文盲', '半文盲', '未上学', '无'],
  },
  householdType: {
    农业户口: ['农业', '农村', '农村户口', '农业户籍'],
    非农业户口: ['非农业', '非农', '非农户口', '城镇', '城镇户口', '非农业户籍'],
  },
  employmentStatus: {
    在职: ['就业', '已就业', '在岗', '务工', '外出务工', '单位就业'],
    灵活就业: ['灵活'],
    务农: ['在家务农', '农业生产'],
    '失业/待业': ['失业', '待业', '未就业', '无业', '失业待业'],
    在校学生: ['学生', '在校生'],
    退休: ['已退休'],
    其他: [],
  },
  targetGroups: {
    农村劳动力: ['农村富余劳动力'],
    脱贫劳动力: ['脱贫人口', '脱贫户', '建档立卡', '建档立卡户', '建档立卡贫困户', '脱贫户劳动力'],
    低收入家庭劳动力: ['低收入', '低保', '低保户', '低收入人口'],
    高校毕业生: ['大学毕业生', '应届毕业生', '高校毕业'],
    生态护林员: ['护林员'],
    退役军人: ['退伍军人'],
    残疾人: ['残疾'],
    失业人员: ['失业'],
    企业职工: ['职工'],
    康养服务人员: [],
    农民工: [],
    返乡创业人员: ['返乡创业'],
  },
};

const OPTIONS: Record<string, readonly Option[]> = {
  education: EDUCATIONS,
  householdType: HOUSEHOLD_TYPES,
  employmentStatus: EMPLOYMENT_STATUSES,
  targetGroups: TARGET_GROUPS,
};

const squeeze = (s: string) => s.normalize('NFKC').replace(/\s/g, '');

/** word → code, for each coded field: codes, labels and the other words above. */
const VALUE_INDEX: Record<string, Map<string, string>> = {};
for (const [field, list] of Object.entries(OPTIONS)) {
  const m = (VALUE_INDEX[field] = new Map());
  for (const o of list) {
    m.set(o.code, o.code).set(squeeze(o.label), o.code);
    for (const w of VALUE_WORDS[field]?.[o.label] ?? []) m.set(squeeze(w), o.code);
  }
}

const ETHNIC = new Set<string>(ETHNICITIES);

/** A cell of a coded field (or 民族) as its code; undefined when it is none of the words known. */
export function codeForValue(field: string, raw: string): string | undefined {
  if (field === 'ethnicity' && ETHNIC.has(raw)) return raw;
  const v = VALUE_INDEX[field]?.get(raw) ?? VALUE_INDEX[field]?.get(squeeze(raw));
  if (v || field !== 'ethnicity') return v;
  const e = squeeze(raw);
  return ETHNIC.has(e) ? e : ETHNIC.has(`${e}族`) ? `${e}族` : undefined;
}

/** What the clerk may write, for a message: 农业户口、非农业户口. */
export function allowedValues(field: string): string {
  if (field === 'ethnicity') return '标准民族名称，如汉族、彝族、傈僳族';
  return (OPTIONS[field] ?? []).map((o) => o.label).join('、');
}

const PLACE_PREFIX = /^(云南省)?(保山市)?(龙陵县)?/;

/**
 * Every way a township may be written → its code: 龙山镇, 龙山, 龙陵县龙山镇, 木城彝族傈僳族乡, 木城,
 * 木城乡, and the code itself. Built once per import from the database's township list.
 */
export function townshipAliases(list: readonly { code: string; name: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { code, name } of list) {
    let base = name.replace(/[乡镇]$/, '');
    for (let again = true; again;) {
      const e = ETHNICITIES.find((x) => base.length > x.length && base.endsWith(x));
      again = !!e;
      if (e) base = base.slice(0, -e.length);
    }
    for (const alias of [code, name, base, `${base}乡`, `${base}镇`]) if (!out.has(alias)) out.set(alias, code);
  }
  return out;
}

/** A township cell → its code, ignoring spaces, the county prefix and a trailing 人民政府. */
export function townshipCode(aliases: Map<string, string>, raw: string): string | undefined {
  const hit = aliases.get(raw);
  if (hit) return hit;
  const t = squeeze(raw)
    .replace(PLACE_PREFIX, '')
    .replace(/人民政府$/, '');
  return aliases.get(t);
}

/** The township named in a line such as 填报单位：龙山镇人民政府 (full names only, to be sure). */
export function townshipInText(aliases: Map<string, string>, text: string): string | undefined {
  const t = squeeze(text);
  let found: string | undefined;
  for (const [alias, code] of aliases)
    if (/[乡镇]$/.test(alias) && alias.length >= 3 && t.includes(alias)) {
      if (found && found !== code) return undefined; // two townships named: not a 填报单位 line
      found = code;
    }
  return found;
}
