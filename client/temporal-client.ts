/**
 * A Temporal client for the configured cluster (dev server by default), with the payload codec
 * of the configuration (worker/payload-codec.ts): what it sends is encrypted, what it reads
 * (Query and Update results, failures) is decrypted with whichever key each payload names.
 */
import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions, type Config } from '../worker/config';
import { configuredDataConverter } from '../worker/payload-codec';

export async function connectClient(config: Config): Promise<Client> {
  const dataConverter = configuredDataConverter(config);
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter });
}
