/** Sends a worker command and keeps the dirty flag honest: any modifying command leaves unsaved changes. */
import { MODIFYING_COMMANDS, type CommandArgs, type CommandName, type CommandResult } from '../../../shared/protocol';
import { type SendOptions, db } from '../db/client';
import { useWorkbenchStore } from '../state/workbench-store';

export async function command<K extends CommandName>(
  name: K,
  args: CommandArgs<K>,
  options?: SendOptions,
): Promise<CommandResult<K>> {
  const result = await db().send(name, args, options);
  if (MODIFYING_COMMANDS.has(name)) useWorkbenchStore.getState().markDirty();
  return result;
}

/** Reloads what the workbench holds (records, imports, date range) after it changed. */
export async function refreshInfo(): Promise<void> {
  useWorkbenchStore.getState().setInfo(await command('workbench/info', {}));
}
