import { z } from 'zod';

export const Passphrase = z.string().min(10, '密钥口令至少 10 位').max(200, '密钥口令最多 200 位');

export const KeyCreateInput = z.object({ passphrase: Passphrase.optional() }).strict();
export const KeyUnlockInput = z
  .object({ passphrase: z.string().min(1, '请输入密钥口令').max(200, '密钥口令最多 200 位') })
  .strict();

export interface KeyInfo {
  kid: string;
  validFrom: string;
  validTo: string | null;
  active: boolean;
  protection: 'passphrase' | 'safeStorage' | 'none';
  unlocked: boolean;
}

export interface KeyStatus {
  keys: KeyInfo[];
  activeKid: string | null;
  unlocked: boolean;
  /** Whether this install can keep the key with the OS (Electron safeStorage) instead of a passphrase. */
  osProtection: boolean;
}

export interface TrustBundle {
  format: 'longling-trust-bundle';
  version: 1;
  jurisdiction: { code: string; name: string; bureau: string };
  issuedAt: string;
  keys: { kid: string; alg: 'EdDSA'; publicKeyPem: string; validFrom: string; validTo: string | null }[];
  /** Names for the codes a QR carries, so an offline verifier can show them. */
  catalog: {
    /** By plan id, as the QR carries it. */
    plans: Record<string, string>;
    occupations: Record<string, string>;
    /** By institution id, with the occupation × level pairs each is approved for ("4-10-01-05|L5"). */
    institutions: Record<string, { code: string; name: string; status: string; approvals: string[] }>;
  };
}

export const ArtifactInput = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }).strict();

export interface Artifact {
  name: string;
  mime: string;
  base64: string;
}
