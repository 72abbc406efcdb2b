/**
 * One zod-validated configuration for every process (worker, API, CLI, start script), from
 * environment variables. Defaults give the embedded demo: a local dev server, a local SMTP
 * sink, a local document folder. Setting TEMPORAL_ADDRESS points everything at a real cluster
 * or Temporal Cloud instead (namespace, mTLS cert/key or API key).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CodecConfigSchema } from './codec-keys';

const port = z.coerce.number().int().min(0).max(65535);

export const ConfigSchema = z.object({
  temporal: z.object({
    /** host:port of the frontend. */
    address: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port'),
    namespace: z.string().regex(/^[A-Za-z0-9._-]{2,255}$/, 'must be a namespace name'),
    /** True when TEMPORAL_ADDRESS was given: no dev server is started. */
    external: z.boolean(),
    tls: z
      .object({ certPath: z.string().min(1), keyPath: z.string().min(1), caPath: z.string().min(1).optional(), serverName: z.string().optional() })
      .optional(),
    apiKey: z.string().min(1).optional(),
  }),
  taskQueue: z.string().min(1),
  dataDir: z.string().min(1),
  devServer: z.object({ port, uiPort: port }),
  api: z.object({ host: z.string().min(1), port }),
  smtp: z.object({
    /** Run the local sink (embedded default) instead of a real SMTP server. */
    sink: z.boolean(),
    host: z.string().min(1),
    port,
    secure: z.boolean(),
    user: z.string().optional(),
    pass: z.string().optional(),
    from: z.string().min(3),
  }),
  /** Public base URL of the API, for signing links in notices. */
  baseUrl: z.string().url(),
  /** Payload encryption keys (worker/codec-keys.ts); none = a dev key in the data folder. */
  codec: CodecConfigSchema,
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Build the configuration from the environment; a bad value is one clear line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const external = Boolean(env.TEMPORAL_ADDRESS);
  const devPort = env.CASECLOCK_TEMPORAL_PORT ?? '7233';
  const apiPort = env.CASECLOCK_API_PORT ?? '4400';
  const raw = {
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? `127.0.0.1:${devPort}`,
      namespace: env.TEMPORAL_NAMESPACE ?? 'caseclock',
      external,
      tls:
        env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_KEY
          ? { certPath: env.TEMPORAL_TLS_CERT, keyPath: env.TEMPORAL_TLS_KEY, caPath: env.TEMPORAL_TLS_CA, serverName: env.TEMPORAL_TLS_SERVER_NAME }
          : undefined,
      apiKey: env.TEMPORAL_API_KEY,
    },
    taskQueue: env.CASECLOCK_TASK_QUEUE ?? 'caseclock-cases',
    dataDir: resolve(env.CASECLOCK_DATA_DIR ?? '.data'),
    devServer: { port: devPort, uiPort: env.CASECLOCK_TEMPORAL_UI_PORT ?? String(Number(devPort) + 1000) },
    api: { host: env.CASECLOCK_API_HOST ?? '127.0.0.1', port: apiPort },
    smtp: {
      sink: !env.CASECLOCK_SMTP_HOST,
      host: env.CASECLOCK_SMTP_HOST ?? '127.0.0.1',
      port: env.CASECLOCK_SMTP_PORT ?? '2525',
      secure: env.CASECLOCK_SMTP_SECURE === 'true',
      user: env.CASECLOCK_SMTP_USER,
      pass: env.CASECLOCK_SMTP_PASS,
      from: env.CASECLOCK_SMTP_FROM ?? 'caseclock@localhost',
    },
    baseUrl: env.CASECLOCK_BASE_URL ?? `http://127.0.0.1:${apiPort}`,
    codec: { keys: env.CASECLOCK_CODEC_KEYS || undefined, activeKeyId: env.CASECLOCK_CODEC_ACTIVE_KEY || undefined },
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`configuration ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** TLS options for the Temporal connection (mTLS cert/key files), or API key, or plaintext. */
export function temporalConnectionOptions(config: Config) {
  const { tls, apiKey, address } = config.temporal;
  return {
    address,
    tls: tls
      ? {
          serverNameOverride: tls.serverName,
          serverRootCACertificate: tls.caPath ? readFileSync(tls.caPath) : undefined,
          clientCertPair: { crt: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) },
        }
      : apiKey
        ? true
        : undefined,
    apiKey,
  };
}
