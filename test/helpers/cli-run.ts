import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from '../../infra/cli/cli';
import { testTerminal } from './operator-target';
import type { SyncFixture } from './sync-fixture';

/** One CLI command line run in this process, as `npx merge-sync …` runs it: exit code and output. */
export async function cli(
  argv: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    secret?: string;
    interactive?: boolean;
    answers?: string[];
    /** What the command reads from standard input (write --data -). */
    input?: string;
  } = {},
) {
  const io = testTerminal({ interactive: options.interactive ?? false, answers: options.answers ?? [] });
  const code = await runCli(argv, {
    terminal: io.terminal,
    env: options.env ?? {},
    readSecret: async () => options.secret ?? '',
    readInput: async () => options.input ?? '',
  });
  return { code, stdout: io.out.join('\n'), stderr: io.progress.join('\n'), questions: io.questions };
}

/**
 * What `npm start` serves the CLI at GET /local/runtime (where its stand-ins listen, which Merge it
 * uses), over a test fixture's stand-ins and simulator.
 */
export async function startRuntimeInfo(
  f: SyncFixture,
  merge: { embeddedSimulator: boolean } = { embeddedSimulator: false },
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        dynamodbEndpoint: f.pipeline.standIns.dynamodbEndpoint,
        sqsEndpoint: f.pipeline.standIns.sqsEndpoint,
        tableName: f.pipeline.tableName,
        tokenKey: f.pipeline.config.engine.tokenKey,
        queues: f.pipeline.queues,
        merge: { baseUrl: f.sim.baseUrl, ...merge },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
