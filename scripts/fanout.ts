#!/usr/bin/env node
// `fanout <command> [options]`: the installed command (package.json "bin"). Each command is its npm
// script's: the same main, the same flags, the same exit codes.
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
    const { runBenchProcess } = await import('../cli/bench-process.ts');
    await runBenchProcess(command === 'list' ? ['--list', ...args] : args);
  } else if (command === 'compare') {
    const { compareMain } = await import('../cli/compare-main.ts');
    await runCli('compare', () => compareMain(args));
  } else if (command === 'chart') {
    const { chartMain } = await import('../cli/chart-main.ts');
    await runCli('chart', () => chartMain(args));
  } else {
    const { mockServerMain } = await import('../cli/mock-server-main.ts');
    await runCli('mock-server', () => mockServerMain(args));
  }
}
