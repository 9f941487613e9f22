// The SQLite triggers as PL/pgSQL, with the same names, tables, timing, events and messages (the
// app and its tests recognise some). A trigger that only refuses runs longling_refuse with its
// message; a WHEN that needs a subquery (PostgreSQL allows none there) moves into the function.
// voucher_stat's triggers are in voucherStat.ts. Frozen like a migration once landed.
//
// One difference cannot be removed: where several BEFORE triggers of a table refuse the same
// statement, SQLite fires the newest first and PostgreSQL in name order, so an UPDATE that breaks two
// rules at once may be refused with the other rule's message. Each rule alone reads the same.

/** A trigger that refuses every row it fires for, with SQLite's RAISE(ABORT) message. */
const refuse = (name: string, when: string, message: string, condition = '') =>
  `CREATE TRIGGER ${name} ${when} FOR EACH ROW${condition ? ` WHEN (${condition})` : ''}
  EXECUTE FUNCTION longling_refuse('${message}');`;

const VOUCHER_TRANSITIONS = [
  ['issued', 'redeemed'],
  ['issued', 'expired'],
  ['issued', 'revoked'],
  ['expired', 'redeemed'],
  ['redeemed', 'completed'],
  ['redeemed', 'revoked'],
  ['completed', 'certified'],
  ['completed', 'settled'],
  ['certified', 'settled'],
];

const SETTLEMENT_TRANSITIONS = [
  ['submitted', 'approved'],
  ['submitted', 'returned'],
  ['submitted', 'cancelled'],
  ['returned', 'submitted'],
  ['returned', 'cancelled'],
  ['approved', 'paid'],
];

const pairs = (list: string[][]) => list.map(([a, b]) => `('${a}', '${b}')`).join(', ');

/** An account change that still counts: not confirmed by a second admin (as in SQLite's 013). */
const pending = (alias: string, who: string) => `${alias}.user_id = ${who} AND ${alias}.confirmed_by IS NULL`;

export const TRIGGERS_SQL = `
-- The newest row, so that removing rows from the end of the chain is detected too.
CREATE FUNCTION audit_log_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_head (id, last_id, hash) VALUES (1, NEW.id, NEW.hash)
  ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_head();
${refuse('audit_log_no_update', 'BEFORE UPDATE ON audit_log', 'audit_log is append-only')}
${refuse('audit_log_no_delete', 'BEFORE DELETE ON audit_log', 'audit_log is append-only')}
${refuse('audit_head_no_delete', 'BEFORE DELETE ON audit_head', 'audit_head cannot be deleted')}

${refuse(
  'voucher_lifecycle',
  'BEFORE UPDATE OF status ON voucher',
  'illegal voucher transition',
  `OLD.status <> NEW.status AND (OLD.status, NEW.status) NOT IN (${pairs(VOUCHER_TRANSITIONS)})`,
)}
${refuse(
  'voucher_immutable',
  'BEFORE UPDATE OF serial, worker_id, plan_id, occupation_code, level, amount_fen, qr_text, kid ON voucher',
  'voucher terms are immutable',
)}

${refuse(
  'settlement_lifecycle',
  'BEFORE UPDATE OF status ON settlement_batch',
  'illegal settlement transition',
  `OLD.status <> NEW.status AND (OLD.status, NEW.status) NOT IN (${pairs(SETTLEMENT_TRANSITIONS)})`,
)}
${refuse(
  'settlement_paid_frozen',
  'BEFORE UPDATE ON settlement_batch',
  'a paid settlement batch cannot change',
  `OLD.status = 'paid'`,
)}

CREATE FUNCTION subsidy_recovery_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.amount_fen + (SELECT coalesce(sum(amount_fen), 0) FROM subsidy_recovery WHERE voucher_id = NEW.voucher_id)
     > (SELECT coalesce(paid_fen, 0) FROM voucher WHERE id = NEW.voucher_id) THEN
    RAISE EXCEPTION 'recovery exceeds the amount paid';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER subsidy_recovery_limit BEFORE INSERT ON subsidy_recovery
  FOR EACH ROW EXECUTE FUNCTION subsidy_recovery_limit();

-- The county's skill register: each worker's best certificate.
CREATE FUNCTION worker_skill_certificate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO worker_skill AS s (worker_id, rank)
  VALUES (NEW.worker_id, CASE NEW.level WHEN 'L1' THEN 5 WHEN 'L2' THEN 4 WHEN 'L3' THEN 3 WHEN 'L4' THEN 2 ELSE 1 END)
  ON CONFLICT (worker_id) DO UPDATE SET rank = GREATEST(s.rank, excluded.rank);
  RETURN NULL;
END $$;
CREATE TRIGGER worker_skill_certificate AFTER INSERT ON certificate
  FOR EACH ROW WHEN (NEW.worker_id IS NOT NULL AND NEW.type IN ('skill_level', 'special_ability'))
  EXECUTE FUNCTION worker_skill_certificate();

${refuse('audit_witness_no_update', 'BEFORE UPDATE ON audit_witness', 'audit_witness is append-only')}
${refuse('audit_witness_no_delete', 'BEFORE DELETE ON audit_witness', 'audit_witness is append-only')}
${refuse('received_witness_no_update', 'BEFORE UPDATE ON received_witness', 'received_witness is append-only')}
${refuse('received_witness_no_delete', 'BEFORE DELETE ON received_witness', 'received_witness is append-only')}

${refuse('account_change_no_delete', 'BEFORE DELETE ON account_change', 'account_change is append-only')}
-- The only change a row may see is its confirmation, once, by an enabled admin.
CREATE FUNCTION account_change_confirm_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.confirmed_by IS NOT NULL
     OR NEW.id IS DISTINCT FROM OLD.id OR NEW.user_id IS DISTINCT FROM OLD.user_id
     OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.role IS DISTINCT FROM OLD.role
     OR NEW.at IS DISTINCT FROM OLD.at OR NEW.made_by IS DISTINCT FROM OLD.made_by
     OR NEW.made_by_name IS DISTINCT FROM OLD.made_by_name
     OR NOT EXISTS (SELECT 1 FROM app_user a WHERE a.id = NEW.confirmed_by AND a.role = 'admin' AND a.disabled = 0) THEN
    RAISE EXCEPTION 'an account change can only be confirmed, once, by another enabled admin';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER account_change_confirm_only BEFORE UPDATE ON account_change
  FOR EACH ROW EXECUTE FUNCTION account_change_confirm_only();

-- The two-person rule against one admin with several accounts (see SQLite's migration 011).
CREATE FUNCTION settlement_independent_reviewer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM account_change r WHERE ${pending('r', 'NEW.reviewed_by')}
             AND (r.made_by = NEW.prepared_by OR r.at >= NEW.prepared_at
                  OR r.made_by IN (SELECT p.made_by FROM account_change p WHERE ${pending('p', 'NEW.prepared_by')})))
     OR EXISTS (SELECT 1 FROM account_change p WHERE ${pending('p', 'NEW.prepared_by')} AND p.made_by = NEW.reviewed_by) THEN
    RAISE EXCEPTION 'two-person rule: the reviewer account is not independent of the preparer';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER settlement_independent_reviewer BEFORE UPDATE OF status ON settlement_batch
  FOR EACH ROW WHEN (NEW.status = 'approved') EXECUTE FUNCTION settlement_independent_reviewer();

-- A class is never opened below its level's minimum, from the app or from a claim package.
CREATE FUNCTION training_class_min_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.planned_hours < coalesce((SELECT min_hours FROM level_min_hours WHERE level = NEW.level), 0) THEN
    RAISE EXCEPTION 'planned hours below the minimum of the level';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER training_class_min_hours BEFORE INSERT ON training_class
  FOR EACH ROW EXECUTE FUNCTION training_class_min_hours();
`;
