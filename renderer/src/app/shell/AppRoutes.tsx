import { Result, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { ROLE_LABELS } from '../../../../shared/contract/roles';
import { AdminPage } from '../../features/admin/AdminPage';
import { EXCHANGE_ROLES } from '../../features/exchange/access';
import { ExchangePage } from '../../features/exchange/ExchangePage';
import { REDEEM_ROLES } from '../../features/redeem/access';
import { RedeemPage } from '../../features/redeem/RedeemPage';
import { SETTLEMENT_ROLES } from '../../features/settlement/access';
import { SettlementRoutes } from '../../features/settlement/SettlementRoutes';
import { STATS_ROLES } from '../../features/stats/access';
import { TRAINING_ROLES } from '../../features/training/access';
import { TrainingRoutes } from '../../features/training/TrainingRoutes';
import { VerifyPage } from '../../features/verify/VerifyPage';
import { VOUCHER_ROLES } from '../../features/vouchers/access';
import { VoucherRoutes } from '../../features/vouchers/VoucherRoutes';
import { WORKER_ROLES } from '../../features/workers/access';
import { WorkerRoutes } from '../../features/workers/WorkerRoutes';
import { useCurrentUser } from '../session/sessionContext';
import { RequireRole } from './RequireRole';
import { useSections } from './sections';

/** The dashboard and its charting library load only when it is opened. */
const StatsPage = lazy(() => import('../../features/stats/StatsPage').then((m) => ({ default: m.StatsPage })));

/** An institution's own install has no worker or voucher records. */
function BureauOnly({ institution, children }: { institution: boolean; children: ReactNode }) {
  if (!institution) return children;
  return (
    <Result status="info" title="培训机构模式下不可用" subTitle="劳动者档案和培训券由人社局管理，本机不保存这些数据" />
  );
}

export function AppRoutes() {
  const user = useCurrentUser();
  const { sections, ready, mode } = useSections();
  const institution = mode?.installMode === 'institution';
  const home = sections[0]?.path;
  return (
    <Routes>
      <Route
        path="/workers/*"
        element={
          <RequireRole roles={WORKER_ROLES}>
            <BureauOnly institution={institution}>
              <WorkerRoutes />
            </BureauOnly>
          </RequireRole>
        }
      />
      <Route
        path="/vouchers/*"
        element={
          <RequireRole roles={VOUCHER_ROLES}>
            <BureauOnly institution={institution}>
              <VoucherRoutes />
            </BureauOnly>
          </RequireRole>
        }
      />
      <Route
        path="/settlement/*"
        element={
          <RequireRole roles={SETTLEMENT_ROLES}>
            <BureauOnly institution={institution}>
              <SettlementRoutes />
            </BureauOnly>
          </RequireRole>
        }
      />
      <Route
        path="/stats"
        element={
          <RequireRole roles={STATS_ROLES}>
            <BureauOnly institution={institution}>
              <Suspense fallback={<Spin />}>
                <StatsPage />
              </Suspense>
            </BureauOnly>
          </RequireRole>
        }
      />
      <Route
        path="/exchange"
        element={
          <RequireRole roles={EXCHANGE_ROLES}>
            <BureauOnly institution={institution}>
              <ExchangePage />
            </BureauOnly>
          </RequireRole>
        }
      />
      <Route
        path="/redeem"
        element={
          <RequireRole roles={REDEEM_ROLES}>
            <RedeemPage />
          </RequireRole>
        }
      />
      <Route
        path="/training/*"
        element={
          <RequireRole roles={TRAINING_ROLES}>
            <TrainingRoutes />
          </RequireRole>
        }
      />
      <Route path="/verify" element={<VerifyPage />} />
      <Route
        path="/admin"
        element={
          <RequireRole roles={['admin']}>
            <AdminPage />
          </RequireRole>
        }
      />
      <Route
        path="*"
        element={
          !ready ? (
            <Spin />
          ) : home ? (
            <Navigate to={home} replace />
          ) : (
            <Result
              status="info"
              title="暂无可用功能"
              subTitle={`当前角色（${ROLE_LABELS[user.role]}）的功能尚未开放`}
            />
          )
        }
      />
    </Routes>
  );
}
