import { Route, Routes, useParams } from 'react-router-dom';
import { RequireRole } from '../../app/shell/RequireRole';
import { PREPARER_ROLES } from './access';
import { LedgerPage } from './LedgerPage';
import { NewSettlementPage } from './NewSettlementPage';
import { SettlementDetailPage } from './SettlementDetailPage';
import { SettlementListPage } from './SettlementListPage';

function DetailByParam() {
  const { id } = useParams();
  return <SettlementDetailPage key={id} />;
}

export function SettlementRoutes() {
  return (
    <Routes>
      <Route index element={<SettlementListPage />} />
      <Route
        path="new"
        element={
          <RequireRole roles={PREPARER_ROLES}>
            <NewSettlementPage />
          </RequireRole>
        }
      />
      <Route path="ledger" element={<LedgerPage />} />
      <Route path=":id" element={<DetailByParam />} />
    </Routes>
  );
}
