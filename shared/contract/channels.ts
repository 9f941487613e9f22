// The one API contract: every channel the renderer, the web host and the CLI may call.
import {
  EXCHANGE_STAFF,
  KEY_BINDERS,
  HOLD_RELEASERS,
  ISSUERS,
  OPERATORS,
  REISSUERS,
  REVOKERS,
  SETTLEMENT_PAYERS,
  SETTLEMENT_PREPARERS,
  SETTLEMENT_REVIEWERS,
  STAFF,
} from './access';
import { channel, type ChannelDef } from './define';
import type { AccountChange } from './schemas/accounts';
import { UserChangesInput, UserConfirmInput } from './schemas/accounts';
import type { AuditPersonResult, AuditRow, AuditVerifyResult } from './schemas/audit';
import { AuditListInput, AuditPersonInput, AuditVerifyInput } from './schemas/audit';
import { SessionEndInput, type LiveSessionRow } from './schemas/sessions';
import type { LoginResult, SessionInfo, UserRow } from './schemas/auth';
import {
  ChangePasswordInput,
  LoginInput,
  SetupAdminInput,
  UnlockInput,
  UserCreateInput,
  UserResetPasswordInput,
  UserSetDisabledInput,
  UserUpdateInput,
} from './schemas/auth';
import { Empty, IdParam, type Page } from './schemas/common';
import type { BackupStatus, Settings, Township } from './schemas/settings';
import { BackupRunInput, SettingsUpdateInput } from './schemas/settings';
import type { IdCheckResult, WorkerDetail, WorkerListItem, WorkerView } from './schemas/worker';
import { WorkerImportInput, type WorkerImportResult } from './schemas/workerImport';
import {
  WorkerCheckIdInput,
  WorkerCreateInput,
  WorkerGetInput,
  WorkerSearchInput,
  WorkerUpdateInput,
} from './schemas/worker';
import type { FundSource, Institution, LevelHours, Occupation, Plan, SubsidyStandard } from './schemas/catalog';
import {
  InstitutionSaveInput,
  LevelHoursSaveInput,
  OccupationSaveInput,
  PlanSaveInput,
  StandardSaveInput,
} from './schemas/catalog';
import type { Artifact, KeyStatus, TrustBundle } from './schemas/keys';
import { ArtifactInput, KeyCreateInput, KeyUnlockInput } from './schemas/keys';
import type {
  BatchPreview,
  EligibilityResult,
  IssuedVoucher,
  Job,
  RedeemResult,
  VerifyResult,
  VoucherDetail,
  VoucherListItem,
  VoucherReleaseResult,
} from './schemas/voucher';
import {
  BatchInput,
  RedeemInput,
  VoucherCheckInput,
  VoucherIssueInput,
  VoucherListInput,
  VoucherPdfInput,
  SignListInput,
  VoucherReleaseInput,
  VoucherRevokeInput,
  VoucherVerifyInput,
} from './schemas/voucher';
import type { Candidate, ClassDetail, ClassSummary, RosterEntry } from './schemas/training';
import {
  AttendanceSignInput,
  CertificateInput,
  ClassAddMembersInput,
  ClassCreateInput,
  ClassUidInput,
  CompletionInput,
} from './schemas/training';
import type {
  ClaimImportResult,
  InstallMode,
  InstitutionKeyEntry,
  StatusExportResult,
  StatusImportResult,
} from './schemas/exchange';
import { FileTextInput, InstitutionBindInput, InstitutionSetupInput, StatusExportInput } from './schemas/exchange';
import type {
  LedgerRow,
  SettlementCandidate,
  SettlementCounts,
  SettlementDetail,
  SettlementSummary,
} from './schemas/settlement';
import {
  RecoveryInput,
  SettlementApproveInput,
  SettlementCancelInput,
  SettlementCandidatesInput,
  SettlementCreateInput,
  SettlementListInput,
  SettlementPayInput,
  SettlementResubmitInput,
  SettlementReturnInput,
} from './schemas/settlement';
import type { AnomalyPage, BreakdownRow, StatsOverview } from './schemas/stats';
import type { AttendanceSession, SignAllResult, SignByIdResult, TrainingRecord } from './schemas/attendance';
import {
  CorrectInput,
  MakeupInput,
  SessionsInput,
  SignAllInput,
  SignByIdInput,
  TrainingRecordInput,
} from './schemas/attendance';
import type { TodayRedemptions } from './schemas/redemption';
import { RedeemReceiptInput, RedeemTodayInput } from './schemas/redemption';
import type { ScanTarget } from './schemas/scan';
import { ScanResolveInput } from './schemas/scan';
import { AnomalyListInput, StatsBreakdownInput, StatsExportInput, StatsRange } from './schemas/stats';
import type { Archive } from './schemas/archive';
import {
  EmploymentInput,
  ExtractInput,
  HistoricalCertificateInput,
  HistoricalTrainingInput,
  HonourInput,
} from './schemas/archive';
import type { ImportResult } from './schemas/excel';
import { ExportArchiveInput, ExportVouchersInput, ExportWorkersInput, ImportInput } from './schemas/excel';
import { z } from 'zod';

const JobId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }).strict();

export const channels = {
  'auth:session': channel<SessionInfo>()({ input: Empty, access: 'public', mutates: false, whileLocked: true }),
  'auth:setupAdmin': channel<LoginResult>()({ input: SetupAdminInput, access: 'public', mutates: true }),
  'auth:login': channel<LoginResult>()({ input: LoginInput, access: 'public', mutates: true }),
  'auth:logout': channel<null>()({ input: Empty, access: 'user', mutates: false, whileLocked: true }),
  'auth:lock': channel<null>()({ input: Empty, access: 'user', mutates: false, whileLocked: true }),
  // Writes: a wrong password counts towards the lockout and is audited.
  'auth:unlock': channel<null>()({ input: UnlockInput, access: 'user', mutates: true, whileLocked: true }),
  'auth:changePassword': channel<null>()({ input: ChangePasswordInput, access: 'user', mutates: true }),

  'user:list': channel<UserRow[]>()({ input: Empty, access: ['admin'], mutates: false }),
  'user:create': channel<UserRow>()({ input: UserCreateInput, access: ['admin'], mutates: true }),
  'user:update': channel<UserRow>()({ input: UserUpdateInput, access: ['admin'], mutates: true }),
  'user:setDisabled': channel<UserRow>()({ input: UserSetDisabledInput, access: ['admin'], mutates: true }),
  'user:resetPassword': channel<null>()({ input: UserResetPasswordInput, access: ['admin'], mutates: true }),
  // 账号变更 and their confirmation by a second admin (the two-person rule of settlement counts them).
  'user:changes': channel<AccountChange[]>()({ input: UserChangesInput, access: ['admin'], mutates: false }),
  'user:confirm': channel<AccountChange>()({ input: UserConfirmInput, access: ['admin'], mutates: true }),
  // 在线会话 and 强制下线: the list never carries a token, only each session's public id.
  'session:list': channel<LiveSessionRow[]>()({ input: Empty, access: ['admin'], mutates: false }),
  'session:end': channel<null>()({ input: SessionEndInput, access: ['admin'], mutates: true }),

  'audit:list': channel<Page<AuditRow>>()({ input: AuditListInput, access: ['admin'], mutates: false }),
  'audit:verify': channel<AuditVerifyResult>()({ input: AuditVerifyInput, access: ['admin'], mutates: false }),
  // Signs the chain's head now (a witness kept in the database) and renders it for printing.
  'audit:digest': channel<Artifact>()({ input: Empty, access: ['admin'], mutates: 'job' }),
  // Writes: the check itself is audited (the typed number as mask and fingerprint).
  'audit:searchPerson': channel<AuditPersonResult>()({ input: AuditPersonInput, access: ['admin'], mutates: true }),

  'settings:get': channel<Settings>()({ input: Empty, access: 'user', mutates: false }),
  'settings:update': channel<Settings>()({ input: SettingsUpdateInput, access: ['admin'], mutates: true }),
  'catalog:townships': channel<Township[]>()({ input: Empty, access: 'user', mutates: false }),

  // Registration only: to anyone else, "is this number registered, and to whom?" is an oracle that
  // rebuilds a masked number from its 8 hidden digits.
  'worker:checkId': channel<IdCheckResult>()({ input: WorkerCheckIdInput, access: ISSUERS, mutates: false }),
  'worker:create': channel<WorkerDetail>()({ input: WorkerCreateInput, access: ['admin', 'clerk'], mutates: true }),
  'worker:update': channel<WorkerDetail>()({ input: WorkerUpdateInput, access: ['admin', 'clerk'], mutates: true }),
  'worker:get': channel<WorkerView>()({ input: WorkerGetInput, access: STAFF, mutates: false }),
  'worker:search': channel<Page<WorkerListItem>>()({ input: WorkerSearchInput, access: STAFF, mutates: false }),
  'worker:history': channel<AuditRow[]>()({ input: IdParam, access: STAFF, mutates: false }),

  'catalog:plans': channel<Plan[]>()({ input: Empty, access: 'user', mutates: false }),
  'catalog:planSave': channel<Plan>()({ input: PlanSaveInput, access: ['admin'], mutates: true }),
  'catalog:occupations': channel<Occupation[]>()({ input: Empty, access: 'user', mutates: false }),
  'catalog:occupationSave': channel<Occupation>()({ input: OccupationSaveInput, access: ['admin'], mutates: true }),
  'catalog:standards': channel<SubsidyStandard[]>()({ input: Empty, access: 'user', mutates: false }),
  'catalog:standardSave': channel<SubsidyStandard>()({ input: StandardSaveInput, access: ['admin'], mutates: true }),
  'catalog:institutions': channel<Institution[]>()({ input: Empty, access: 'user', mutates: false }),
  'catalog:institutionSave': channel<Institution>()({ input: InstitutionSaveInput, access: ['admin'], mutates: true }),
  'catalog:fundSources': channel<FundSource[]>()({ input: Empty, access: 'user', mutates: false }),
  'catalog:levelHours': channel<LevelHours[]>()({ input: Empty, access: 'user', mutates: false }),
  'catalog:levelHoursSave': channel<LevelHours>()({ input: LevelHoursSaveInput, access: ['admin'], mutates: true }),

  'keys:status': channel<KeyStatus>()({ input: Empty, access: STAFF, mutates: false }),
  'keys:create': channel<KeyStatus>()({ input: KeyCreateInput, access: ['admin'], mutates: true }),
  'keys:rotate': channel<KeyStatus>()({ input: KeyCreateInput, access: ['admin'], mutates: true }),
  'keys:unlock': channel<KeyStatus>()({ input: KeyUnlockInput, access: ['admin'], mutates: false }),
  'trust:export': channel<TrustBundle>()({ input: Empty, access: ['admin'], mutates: false }),

  'voucher:check': channel<EligibilityResult>()({ input: VoucherCheckInput, access: ISSUERS, mutates: false }),
  'voucher:issue': channel<IssuedVoucher>()({ input: VoucherIssueInput, access: ISSUERS, mutates: 'job' }),
  'voucher:batchPreview': channel<BatchPreview>()({ input: BatchInput, access: ISSUERS, mutates: false }),
  'voucher:issueBatch': channel<Job>()({ input: BatchInput, access: ISSUERS, mutates: 'job' }),
  'voucher:list': channel<Page<VoucherListItem>>()({ input: VoucherListInput, access: STAFF, mutates: 'job' }),
  'voucher:get': channel<VoucherDetail>()({ input: IdParam, access: STAFF, mutates: false }),
  'voucher:revoke': channel<VoucherDetail>()({ input: VoucherRevokeInput, access: REVOKERS, mutates: true }),
  'voucher:reissue': channel<IssuedVoucher>()({ input: VoucherRevokeInput, access: REISSUERS, mutates: 'job' }),
  // Writing channels: a wrong holder ID number is recorded and counts towards a hold (暂扣).
  'voucher:verify': channel<VerifyResult>()({ input: VoucherVerifyInput, access: 'user', mutates: true }),
  'voucher:release': channel<VoucherReleaseResult>()({
    input: VoucherReleaseInput,
    access: HOLD_RELEASERS,
    mutates: true,
  }),
  'voucher:pdf': channel<Job>()({ input: VoucherPdfInput, access: STAFF, mutates: 'job' }),
  'voucher:signList': channel<Artifact>()({ input: SignListInput, access: ISSUERS, mutates: false }),
  'redeem:check': channel<VerifyResult>()({
    input: RedeemInput,
    access: ['admin', 'institutionOperator'],
    mutates: true,
  }),
  'redeem:confirm': channel<RedeemResult>()({
    input: RedeemInput,
    access: ['admin', 'institutionOperator'],
    mutates: true,
  }),
  'redeem:today': channel<TodayRedemptions>()({
    input: RedeemTodayInput,
    access: ['admin', 'institutionOperator'],
    mutates: false,
  }),
  'redeem:receipt': channel<Artifact>()({
    input: RedeemReceiptInput,
    access: ['admin', 'institutionOperator'],
    mutates: false,
  }),
  // A code scanned or typed into a search box: the voucher, extract or worker it names.
  'scan:resolve': channel<ScanTarget>()({ input: ScanResolveInput, access: STAFF, mutates: false }),
  'class:list': channel<ClassSummary[]>()({ input: Empty, access: OPERATORS, mutates: false }),
  'class:create': channel<ClassSummary>()({ input: ClassCreateInput, access: OPERATORS, mutates: true }),
  'class:get': channel<ClassDetail>()({ input: ClassUidInput, access: OPERATORS, mutates: false }),
  'class:candidates': channel<Candidate[]>()({ input: ClassUidInput, access: OPERATORS, mutates: false }),
  'class:addMembers': channel<ClassSummary>()({ input: ClassAddMembersInput, access: OPERATORS, mutates: true }),
  'attendance:sign': channel<RosterEntry>()({ input: AttendanceSignInput, access: OPERATORS, mutates: true }),
  // 全班签到 / 全班签退, 刷身份证签到, 补签 and 更正 (each with its reason), a trainee's sessions.
  'attendance:signAll': channel<SignAllResult>()({ input: SignAllInput, access: OPERATORS, mutates: true }),
  'attendance:signById': channel<SignByIdResult>()({ input: SignByIdInput, access: OPERATORS, mutates: true }),
  'attendance:makeup': channel<RosterEntry>()({ input: MakeupInput, access: OPERATORS, mutates: true }),
  'attendance:correct': channel<RosterEntry>()({ input: CorrectInput, access: OPERATORS, mutates: true }),
  'attendance:sessions': channel<AttendanceSession[]>()({ input: SessionsInput, access: OPERATORS, mutates: false }),
  // What a voucher's training was: staff see any, an operator only its own institution's.
  'training:record': channel<TrainingRecord>()({ input: TrainingRecordInput, access: 'user', mutates: false }),
  'completion:record': channel<RosterEntry>()({ input: CompletionInput, access: OPERATORS, mutates: true }),
  'certificate:record': channel<RosterEntry>()({ input: CertificateInput, access: OPERATORS, mutates: true }),
  'mode:get': channel<InstallMode>()({ input: Empty, access: 'user', mutates: false }),
  'institution:setup': channel<KeyStatus>()({ input: InstitutionSetupInput, access: ['admin'], mutates: true }),
  'institution:registration': channel<string>()({ input: Empty, access: ['admin'], mutates: false }),
  'institution:bind': channel<{ institutionCode: string; kid: string; superseded: string[] }>()({
    input: InstitutionBindInput,
    access: KEY_BINDERS,
    mutates: true,
  }),
  'institution:keys': channel<InstitutionKeyEntry[]>()({ input: Empty, access: EXCHANGE_STAFF, mutates: false }),
  'claims:export': channel<{ text: string; records: number }>()({
    input: Empty,
    access: ['admin', 'institutionOperator'],
    mutates: false,
  }),
  'claims:import': channel<ClaimImportResult>()({ input: FileTextInput, access: EXCHANGE_STAFF, mutates: true }),
  'status:export': channel<StatusExportResult>()({
    input: StatusExportInput,
    access: EXCHANGE_STAFF,
    mutates: 'job',
  }),
  'status:import': channel<StatusImportResult>()({
    input: FileTextInput,
    access: ['admin', 'institutionOperator'],
    mutates: true,
  }),
  'scan:pdfCodes': channel<string[]>()({
    input: z.object({ base64: z.string().max(70_000_000, '文件过大') }).strict(),
    access: 'user',
    mutates: false,
  }),
  'archive:get': channel<Archive>()({ input: WorkerGetInput, access: STAFF, mutates: false }),
  'archive:addHonour': channel<Archive>()({ input: HonourInput, access: ISSUERS, mutates: true }),
  'archive:addEmployment': channel<Archive>()({ input: EmploymentInput, access: ISSUERS, mutates: true }),
  'archive:addHistoricalTraining': channel<Archive>()({
    input: HistoricalTrainingInput,
    access: ISSUERS,
    mutates: true,
  }),
  'archive:addHistoricalCertificate': channel<Archive>()({
    input: HistoricalCertificateInput,
    access: ISSUERS,
    mutates: true,
  }),
  'archive:extract': channel<Job>()({ input: ExtractInput, access: STAFF, mutates: 'job' }),
  'import:template': channel<Artifact>()({ input: Empty, access: STAFF, mutates: false }),
  'import:workers': channel<WorkerImportResult>()({ input: WorkerImportInput, access: ISSUERS, mutates: 'job' }),
  'import:historyTemplate': channel<Artifact>()({ input: Empty, access: STAFF, mutates: false }),
  'import:history': channel<ImportResult>()({ input: ImportInput, access: ISSUERS, mutates: 'job' }),
  'export:workers': channel<Artifact>()({ input: ExportWorkersInput, access: STAFF, mutates: false }),
  'export:vouchers': channel<Artifact>()({ input: ExportVouchersInput, access: STAFF, mutates: false }),
  'export:archive': channel<Artifact>()({ input: ExportArchiveInput, access: STAFF, mutates: false }),
  'settlement:candidates': channel<SettlementCandidate[]>()({
    input: SettlementCandidatesInput,
    access: STAFF,
    mutates: false,
  }),
  'settlement:create': channel<SettlementDetail>()({
    input: SettlementCreateInput,
    access: SETTLEMENT_PREPARERS,
    mutates: true,
  }),
  'settlement:list': channel<Page<SettlementSummary>>()({ input: SettlementListInput, access: STAFF, mutates: false }),
  'settlement:get': channel<SettlementDetail>()({ input: IdParam, access: STAFF, mutates: false }),
  'settlement:approve': channel<SettlementDetail>()({
    input: SettlementApproveInput,
    access: SETTLEMENT_REVIEWERS,
    mutates: true,
  }),
  'settlement:return': channel<SettlementDetail>()({
    input: SettlementReturnInput,
    access: SETTLEMENT_REVIEWERS,
    mutates: true,
  }),
  'settlement:resubmit': channel<SettlementDetail>()({
    input: SettlementResubmitInput,
    access: SETTLEMENT_PREPARERS,
    mutates: true,
  }),
  'settlement:cancel': channel<SettlementDetail>()({
    input: SettlementCancelInput,
    access: SETTLEMENT_PREPARERS,
    mutates: true,
  }),
  'settlement:pay': channel<SettlementDetail>()({
    input: SettlementPayInput,
    access: SETTLEMENT_PAYERS,
    mutates: true,
  }),
  'settlement:recover': channel<SettlementDetail>()({
    input: RecoveryInput,
    access: SETTLEMENT_REVIEWERS,
    mutates: true,
  }),
  'settlement:xlsx': channel<Artifact>()({ input: IdParam, access: STAFF, mutates: false }),
  'settlement:pdf': channel<Artifact>()({ input: IdParam, access: STAFF, mutates: false }),
  'settlement:counts': channel<SettlementCounts>()({ input: Empty, access: STAFF, mutates: false }),
  'ledger:get': channel<LedgerRow[]>()({ input: Empty, access: STAFF, mutates: false }),
  'stats:overview': channel<StatsOverview>()({ input: StatsRange, access: STAFF, mutates: false }),
  'stats:breakdown': channel<BreakdownRow[]>()({ input: StatsBreakdownInput, access: STAFF, mutates: false }),
  'stats:xlsx': channel<Artifact>()({ input: StatsExportInput, access: STAFF, mutates: false }),
  'stats:pdf': channel<Artifact>()({ input: StatsRange, access: STAFF, mutates: false }),
  'anomaly:list': channel<AnomalyPage>()({ input: AnomalyListInput, access: STAFF, mutates: false }),
  'anomaly:scan': channel<{ found: number; failed: string[] }>()({ input: Empty, access: STAFF, mutates: 'job' }),
  'backup:run': channel<{ file: string; bytes: number; at: string }>()({
    input: BackupRunInput,
    access: ['admin'],
    mutates: 'job',
  }),
  'backup:list': channel<BackupStatus>()({ input: Empty, access: ['admin'], mutates: false }),
  'job:get': channel<Job>()({ input: JobId, access: 'user', mutates: false }),
  'artifact:get': channel<Artifact>()({ input: ArtifactInput, access: 'user', mutates: false }),
} satisfies Record<string, ChannelDef>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelParsed<K extends ChannelName> = z.output<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = Exclude<Channels[K]['output'], undefined>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
