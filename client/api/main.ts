/** The API/dashboard process started by `npm start` (or on its own against any cluster). */
import { loadConfig } from '../../worker/config';
import { CaseService } from '../case-service';
import { connectClient } from '../temporal-client';
import { buildApi } from './server';

const config = loadConfig();
const client = await connectClient(config);
const app = buildApi(new CaseService({ client, taskQueue: config.taskQueue }));
await app.listen({ host: config.api.host, port: config.api.port });
console.log(`caseclock API on http://${config.api.host}:${config.api.port}`);
const stop = async () => {
  await app.close();
  await client.connection.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
