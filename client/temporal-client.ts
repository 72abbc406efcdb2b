/** A Temporal client for the configured cluster (dev server by default). */
import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions, type Config } from '../worker/config';

export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return new Client({ connection, namespace: config.temporal.namespace });
}
