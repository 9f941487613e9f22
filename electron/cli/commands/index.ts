import { adminCommands } from './admin';
import { demoCommands } from './demo';
import { exchangeCommands } from './exchange';
import type { CommandTable } from './types';
import { voucherCommands } from './voucher';

export const commands: CommandTable = { ...adminCommands, ...voucherCommands, ...exchangeCommands, ...demoCommands };
