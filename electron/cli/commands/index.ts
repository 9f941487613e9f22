import { adminCommands } from './admin';
import { auditCommands } from './audit';
import { archiveCommands } from './archive';
import { importCommands } from './import';
import { demoCommands } from './demo';
import { exchangeCommands } from './exchange';
import type { CommandTable } from './types';
import { voucherCommands } from './voucher';
import { reportCommands } from './report';
import { backupCommands } from './backup';
import { serverCommands } from './server';
import { dbCommands } from './db';

export const commands: CommandTable = {
  ...adminCommands,
  ...auditCommands,
  ...archiveCommands,
  ...importCommands,
  ...voucherCommands,
  ...exchangeCommands,
  ...demoCommands,
  ...reportCommands,
  ...backupCommands,
  ...serverCommands,
  ...dbCommands,
};
