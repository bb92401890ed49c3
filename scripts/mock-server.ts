// `npm run mock-server -- [--host H] [--port P] [--latency SPEC] [--payload BYTES]`
import '../mock-server/process-entry.ts';
