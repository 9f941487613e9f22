import type { Migration } from '../migration';
import { m001 } from './001_accounts_audit';
import { m002 } from './002_workers';
import { m003 } from './003_seed_townships';
import { m004 } from './004_catalog';
import { m005 } from './005_vouchers';
import { m006 } from './006_redemption_training';
import { m007 } from './007_archive';
import { m008 } from './008_settlement_stats';
import { m009 } from './009_holder_checks';
import { m010 } from './010_audit_witness';
import { m011 } from './011_two_person_hours';
import { m012 } from './012_worker_pending_import_mapping';
import { m013 } from './013_county_server';
import { m014 } from './014_attendance_adjustments';
import { m015 } from './015_pinyin_initial_password';
import { m016 } from './016_search_index';
import { m017 } from './017_audit_head_per_statement';
import { m018 } from './018_name_gram_no_fk';
import { m019 } from './019_unknown_login_names';
import { m020 } from './020_login_unknown_no_index';
import { m021 } from './021_institution_key_superseded';
import { m022 } from './022_late_claim_anomaly';
import { m023 } from './023_copied_claim_anomaly';
import { m024 } from './024_contested_redemption_anomaly';
import { m025 } from './025_claim_stated_at';
import { m026 } from './026_ref_stamp';
import { m027 } from './027_ref_stamp_guarded';
import { m028 } from './028_functions_search_path';

export const MIGRATIONS: readonly Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  m011,
  m012,
  m013,
  m014,
  m015,
  m016,
  m017,
  m018,
  m019,
  m020,
  m021,
  m022,
  m023,
  m024,
  m025,
  m026,
  m027,
  m028,
];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
