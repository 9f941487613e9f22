import { Route, Routes, useParams } from 'react-router-dom';
import { ClassDetailPage } from './ClassDetailPage';
import { ClassListPage } from './ClassListPage';

function DetailByParam() {
  const { uid = '' } = useParams();
  return <ClassDetailPage key={uid} uid={uid} />;
}

export function TrainingRoutes() {
  return (
    <Routes>
      <Route index element={<ClassListPage />} />
      <Route path=":uid" element={<DetailByParam />} />
    </Routes>
  );
}
