import { CliError, dbOption, type Command } from '../cli/cli-lib';

/** `cli import`: see issue 5. */
export const importCommand: Command = {
  summary: 'not built yet',
  usage: 'import',
  options: { ...dbOption, user: { type: 'string' } },
  async run() {
    throw new CliError('USAGE', 'not built yet', { exitCode: 2 });
  },
};
