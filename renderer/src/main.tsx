import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/global.css';
import { trackLastField } from './app/session/lastField';

const root = document.getElementById('root');
if (!root) throw new Error('缺少 #root 节点');
trackLastField();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
