#!/usr/bin/env node
// `fanout <command> [options]`: the installed command (package.json "bin"). Each command is its npm
// script's: the same main, the same flags, the same exit codes.
import { COMMAND_MAINS } from '../cli/command-mains.ts';
import { parseFanoutCommand } from '../cli/fanout-command.ts';
import { runCli } from '../cli/usage-error.ts';

const argv = process.argv.slice(2);
let parsed: ReturnType<typeof parseFanoutCommand> | undefined;
await runCli('fanout', async () => {
  parsed = parseFanoutCommand(argv);
  if ('print' in parsed) process.stdout.write(parsed.print);
  return 0;
});
if (parsed && 'command' in parsed) {
  const { command, args } = parsed;
  if (command === 'bench' || command === 'list') {
    // bench's process handles its signals and its parent (cli/bench-process.ts).
    const { runBenchProcess } = await import('../cli/bench-process.ts');
    await runBenchProcess(command === 'list' ? ['--list', ...args] : args);
  } else {
    const main = await COMMAND_MAINS[command]();
    await runCli(command, () => main(args));
  }
}
