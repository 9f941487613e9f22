import { Route, Routes } from 'react-router-dom';
import { RequireRole } from '../../app/shell/RequireRole';
import { WorkerDetailPage } from './WorkerDetailPage';
import { WorkerFormPage } from './WorkerFormPage';
import { WorkerListPage } from './WorkerListPage';

const EDITORS = ['admin', 'clerk'] as const;

export function WorkerRoutes() {
  return (
    <Routes>
      <Route index element={<WorkerListPage />} />
      <Route
        path="new"
        element={
          <RequireRole roles={EDITORS}>
            <WorkerFormPage />
          </RequireRole>
        }
      />
      <Route path=":id" element={<WorkerDetailPage />} />
      <Route
        path=":id/edit"
        element={
          <RequireRole roles={EDITORS}>
            <WorkerFormPage />
          </RequireRole>
        }
      />
    </Routes>
  );
}
