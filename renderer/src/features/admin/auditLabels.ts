const ACTION_LABELS: Record<string, string> = {
  create: '新增',
  update: '修改',
  login: '登录',
  loginFailed: '登录失败',
  changePassword: '修改密码',
  resetPassword: '重置密码',
  disable: '停用',
  enable: '启用',
  issue: '发券',
  revoke: '作废',
  reissue: '补发',
  expire: '过期',
  rotate: '轮换',
  addHonour: '添加竞赛/荣誉',
  addEmployment: '添加就业情况',
  addHistoricalTraining: '补录培训记录',
  addHistoricalCertificate: '补录证书',
  extract: '打印档案摘要',
  extractFullId: '打印档案摘要（完整身份证号）',
  exportFullId: '导出完整身份证号',
  view_full: '查看完整号码',
  searchPerson: '按号码核对',
};

const ENTITY_LABELS: Record<string, string> = {
  worker: '劳动者',
  user: '用户',
  settings: '系统设置',
  auth: '登录会话',
  voucher: '培训券',
  plan: '培训计划',
  occupation: '职业',
  subsidyStandard: '补贴标准',
  institution: '培训机构',
  signingKey: '签名密钥',
  export: '数据导出',
  auditLog: '审计日志',
};

export const auditActionLabel = (action: string) => ACTION_LABELS[action] ?? action;
export const auditEntityLabel = (entity: string) => ENTITY_LABELS[entity] ?? entity;
