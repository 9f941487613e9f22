import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { HashRouter } from 'react-router-dom';
import { ConnectionGate } from './connection/ConnectionGate';
import { queryClient } from './queryClient';
import { SessionGate } from './session/SessionGate';
import { SessionProvider } from './session/SessionProvider';

dayjs.locale('zh-cn');

export function App() {
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }}>
      <AntApp style={{ height: '100%' }}>
        <QueryClientProvider client={queryClient}>
          <HashRouter>
            <ConnectionGate>
              <SessionProvider>
                <SessionGate />
              </SessionProvider>
            </ConnectionGate>
          </HashRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
