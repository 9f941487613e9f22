import { Route, Routes } from 'react-router-dom';
import { RequireRole } from '../../app/shell/RequireRole';
import { ArchivePage } from '../archive/ArchivePage';
import { WorkerImportPage } from '../excel/WorkerImportPage';
import { WorkerFormPage } from './WorkerFormPage';
import { WorkerListPage } from './WorkerListPage';

const EDITORS = ['admin', 'clerk'] as const;

export function WorkerRoutes() {
  return (
    <Routes>
      <Route index element={<WorkerListPage />} />
      <Route
        path="import"
        element={
          <RequireRole roles={EDITORS}>
            <WorkerImportPage />
          </RequireRole>
        }
      />
      <Route
        path="new"
        element={
          <RequireRole roles={EDITORS}>
            <WorkerFormPage />
          </RequireRole>
        }
      />
      <Route path=":id" element={<ArchivePage />} />
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
