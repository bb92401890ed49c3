// `npm run mock-server -- [--host H] [--port P] [--latency SPEC] [--payload BYTES] [--rtt MS] [--tls]`:
// the target on its own (it prints its address), or as the harness's child process (it reports its
// addresses and certificate over IPC).
import { mockServerMain } from '../cli/mock-server-main.ts';
import { runCli } from '../cli/usage-error.ts';

await runCli('mock-server', () => mockServerMain(process.argv.slice(2)));
