import { z } from 'zod';
import { Passphrase } from './keys';

export const TrustBundleSchema = z.object({
  format: z.literal('longling-trust-bundle', { error: '不是信任包文件' }),
  version: z.literal(1),
  jurisdiction: z.object({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1), bureau: z.string().min(1) }),
  issuedAt: z.string(),
  keys: z
    .array(
      z.object({
        kid: z.string().min(4).max(32),
        alg: z.literal('EdDSA'),
        publicKeyPem: z.string().includes('PUBLIC KEY'),
        validFrom: z.string(),
        validTo: z.string().nullable(),
      }),
    )
    .min(1, '信任包中没有公钥'),
  catalog: z.object({
    plans: z.record(z.string(), z.string()),
    occupations: z.record(z.string(), z.string()),
    institutions: z.record(
      z.string(),
      z.object({ code: z.string(), name: z.string(), status: z.string(), approvals: z.array(z.string()) }),
    ),
  }),
});

export const InstitutionSetupInput = z
  .object({
    bundleText: z.string().min(2, '请选择信任包文件').max(5_000_000),
    institutionCode: z.string().min(2, '请选择本机构'),
    passphrase: Passphrase.optional(),
  })
  .strict();

export const FileTextInput = z.object({ text: z.string().min(2, '请选择文件').max(50_000_000, '文件过大') }).strict();
/** A registration file; `replace`: confirmed that it replaces the institution's key in use. */
export const InstitutionBindInput = FileTextInput.extend({ replace: z.boolean().optional() }).strict();

/** An institution's key as the bureau bound it from a registration file (the public key itself is not shown). */
export interface InstitutionKeyEntry {
  institutionCode: string;
  institutionName: string;
  kid: string;
  boundAt: string;
  /** When a newer registration replaced it; its packages are refused from then on. */
  supersededAt: string | null;
}

export interface InstallMode {
  installMode: 'bureau' | 'institution';
  institutionCode: string | null;
  institutionName: string | null;
  /** No signing key and no workers yet: the install may still become an institution install. */
  fresh: boolean;
}

export interface ClaimRecordResult {
  uid: string;
  kind: string;
  serial: string | null;
  outcome: 'applied' | 'conflict' | 'duplicate';
  reason: string | null;
}

export interface ClaimImportResult {
  packageId: string;
  institutionCode: string;
  applied: number;
  conflicts: number;
  duplicates: number;
  records: ClaimRecordResult[];
}

export interface StatusImportResult {
  entries: number;
  revoked: number;
  settled: number;
  /** Holder verifiers now held for offline holder checks (replacing the previous file's). */
  holders: number;
  /** Local holds (暂扣) released because the bureau released them. */
  released: number;
  /** Whether the bureau's audit witness in the file was new here. */
  witness: boolean;
}

/** A status file is made for one institution: it carries the holder verifiers of its vouchers only. */
export const StatusExportInput = z
  .object({ institutionCode: z.string().trim().min(1, '请选择培训机构').max(32) })
  .strict();

export interface StatusExportResult {
  text: string;
  entries: number;
  holders: number;
  institutionCode: string;
}
