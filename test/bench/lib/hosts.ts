import * as path from 'node:path';
import { startHost, type Host } from './rpc';
import type { SimHostApi } from './sim-host';
import type { StoreHostApi } from './store-host';

export type SimHost = Host<SimHostApi> & { baseUrl: string };
export type StoreHost = Host<StoreHostApi> & {
  dynamodbEndpoint: string;
  countingEndpoint: string;
  eventBridgeEndpoint: string;
  sqsEndpoint: string | undefined;
};

/** The Merge simulator in its own process (see sim-host.ts). */
export async function startSimHost(options: Parameters<SimHostApi['start']>[0]): Promise<SimHost> {
  const host = await startHost<SimHostApi>(path.join(__dirname, 'sim-host.ts'), { maxOldSpaceMb: 8192 });
  const { baseUrl } = await host.call('start', options);
  return Object.assign(host, { baseUrl });
}

/** dynalite (behind a counting proxy) and optionally local-aws-sqs in their own process (see store-host.ts). */
export async function startStoreHost(options: Parameters<StoreHostApi['start']>[0]): Promise<StoreHost> {
  const host = await startHost<StoreHostApi>(path.join(__dirname, 'store-host.ts'), { maxOldSpaceMb: 8192 });
  const endpoints = await host.call('start', options);
  return Object.assign(host, endpoints);
}
