import { Route, Routes, useParams } from 'react-router-dom';
import { RequireRole } from '../../app/shell/RequireRole';
import { ISSUER_ROLES } from './access';
import { BatchIssuePage } from './BatchIssuePage';
import { VoucherDetailPage } from './VoucherDetailPage';
import { VoucherIssuePage } from './VoucherIssuePage';
import { VoucherListPage } from './VoucherListPage';

function DetailByParam() {
  const { id } = useParams();
  return <VoucherDetailPage key={id} />;
}

export function VoucherRoutes() {
  return (
    <Routes>
      <Route index element={<VoucherListPage />} />
      <Route
        path="issue"
        element={
          <RequireRole roles={ISSUER_ROLES}>
            <VoucherIssuePage />
          </RequireRole>
        }
      />
      <Route
        path="batch"
        element={
          <RequireRole roles={ISSUER_ROLES}>
            <BatchIssuePage />
          </RequireRole>
        }
      />
      <Route path=":id" element={<DetailByParam />} />
    </Routes>
  );
}
