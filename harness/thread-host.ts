// Body of one worker thread of a threaded strategy: it owns a client and an event loop, runs the
// strategy it is given over its share of the requests, and sends back mergeable counts (and, while it
// runs, how many requests it has finished, for the progress display).
import { parentPort, workerData } from 'node:worker_threads';
import { getClient } from '../clients/index.ts';
import { registerUserModules } from './user-modules.ts';
import type { HttpClient } from '../clients/http-client.ts';
import { getStrategy } from '../strategies/index.ts';
import { RequestRecorder } from './request-recorder.ts';
import { THREAD_PROGRESS_MS, type FromThread, type ThreadProgress, type ThreadSetup, type ToThread } from './thread-messages.ts';

const setup = workerData as ThreadSetup;
const port = parentPort!;
let client: HttpClient | undefined;

async function handle(message: ToThread): Promise<FromThread> {
  switch (message.type) {
    case 'open':
      await registerUserModules(setup.modules);
      client = await getClient(setup.client).create(setup.baseUrl, setup.settings);
      return { type: 'opened' };
    case 'run': {
      if (!client) throw new Error('run before open');
      const { share } = message;
      const recorder = new RequestRecorder();
      // The live progress display reads the counts of a running share from these messages; they stop
      // before the answer is posted, so the main thread never counts a request twice.
      let reported = 0;
      const report = setInterval(() => {
        const completed = recorder.ok + recorder.failed;
        if (completed === reported) return;
        reported = completed;
        port.postMessage({ type: 'progress', completed, failed: recorder.failed } satisfies ThreadProgress);
      }, THREAD_PROGRESS_MS);
      report.unref();
      try {
        await getStrategy(share.strategy).run({
          requests: share.requests,
          concurrency: share.concurrency,
          rate: 0,
          ...recorder.channel(client, message.idPrefix, setup.preparation, setup.policy, share.firstIndex),
        });
      } finally {
        clearInterval(report);
      }
      return { type: 'ran', counts: recorder.toCounts() };
    }
    case 'close':
      await client?.close();
      client = undefined;
      return { type: 'closed' };
  }
}

port.on('message', (message: ToThread) => {
  handle(message).then(
    (answer) => port.postMessage(answer),
    (error: unknown) => port.postMessage({ type: 'failed', message: String((error as Error)?.message ?? error) } satisfies FromThread),
  );
});
