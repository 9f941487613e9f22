import { Result } from 'antd';
import { Navigate, Route, Routes } from 'react-router-dom';
import { ROLE_LABELS } from '../../../../shared/contract/roles';
import { AdminPage } from '../../features/admin/AdminPage';
import { VerifyPage } from '../../features/verify/VerifyPage';
import { VOUCHER_ROLES } from '../../features/vouchers/access';
import { VoucherRoutes } from '../../features/vouchers/VoucherRoutes';
import { WORKER_ROLES } from '../../features/workers/access';
import { WorkerRoutes } from '../../features/workers/WorkerRoutes';
import { useCurrentUser } from '../session/sessionContext';
import { RequireRole } from './RequireRole';
import { sectionsFor } from './sections';

export function AppRoutes() {
  const user = useCurrentUser();
  const home = sectionsFor(user.role)[0]?.path;
  return (
    <Routes>
      <Route
        path="/workers/*"
        element={
          <RequireRole roles={WORKER_ROLES}>
            <WorkerRoutes />
          </RequireRole>
        }
      />
      <Route
        path="/vouchers/*"
        element={
          <RequireRole roles={VOUCHER_ROLES}>
            <VoucherRoutes />
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
          home ? (
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
