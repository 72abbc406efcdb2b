/** The API/dashboard process started by `npm start` (or on its own against any cluster). */
import { loadConfig } from '../../worker/config';
import { CaseService } from '../case-service';
import { connectClient } from '../temporal-client';
import { apiTokensFile, loadApiUsers } from './auth';
import { buildApi } from './server';

const config = loadConfig();
let users;
try {
  users = loadApiUsers(apiTokensFile(process.env, config.dataDir));
} catch (error) {
  console.error(`caseclock API: ${(error as Error).message} (set CASECLOCK_API_TOKENS_FILE, or run npm start once to create demo tokens)`);
  process.exit(1);
}
const client = await connectClient(config);
const app = buildApi(new CaseService({ client, taskQueue: config.taskQueue }), { users, dataDir: config.dataDir });
await app.listen({ host: config.api.host, port: config.api.port });
console.log(`caseclock API on http://${config.api.host}:${config.api.port} (${users.size} users)`);
const stop = async () => {
  await app.close();
  await client.connection.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
