import { CliError, dbOption, type Command } from '../cli/cli-lib';

/** `cli export`: see issue 5. */
export const exportCommand: Command = {
  summary: 'not built yet',
  usage: 'export',
  options: { ...dbOption, user: { type: 'string' } },
  async run() {
    throw new CliError('USAGE', 'not built yet', { exitCode: 2 });
  },
};
