// Body of one worker thread of a threaded strategy: it owns a client and an event loop, runs the
// strategy it is given over its share of the requests, and sends back mergeable counts.
import { parentPort, workerData } from 'node:worker_threads';
import { getClient } from '../clients/index.ts';
import type { HttpClient } from '../clients/http-client.ts';
import { getStrategy } from '../strategies/index.ts';
import { RequestRecorder } from './request-recorder.ts';
import type { FromThread, ThreadSetup, ToThread } from './thread-messages.ts';

const setup = workerData as ThreadSetup;
const port = parentPort!;
let client: HttpClient | undefined;

async function handle(message: ToThread): Promise<FromThread> {
  switch (message.type) {
    case 'open':
      client = getClient(setup.client).create(setup.baseUrl, setup.settings);
      return { type: 'opened' };
    case 'run': {
      if (!client) throw new Error('run before open');
      const { share } = message;
      const recorder = new RequestRecorder();
      await getStrategy(share.strategy).run({
        requests: share.requests,
        concurrency: share.concurrency,
        rate: 0,
        ...recorder.channel(client, message.idPrefix, setup.preparation, setup.policy, share.firstIndex),
      });
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
