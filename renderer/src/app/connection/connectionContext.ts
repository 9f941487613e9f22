import { createContext, useContext } from 'react';
import type { ConnectionInfo } from '../../../../shared/contract/connection';

export interface ConnectionContextValue {
  info: ConnectionInfo;
  /** Shows the connection settings (单机 or 连接县级服务器). */
  openSettings(): void;
}

export const ConnectionContext = createContext<ConnectionContextValue | null>(null);

/** The desktop app's connection, or null in a browser (no choice to make there). */
export function useConnection(): ConnectionContextValue | null {
  return useContext(ConnectionContext);
}
