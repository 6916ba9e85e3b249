import { isIP } from 'node:net';
import { z } from 'zod';
import { GUID } from './domain/validation.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/**
 * The proxy for calls to Teams, read from the environment by their HTTP clients (undici's and the SDK's),
 * which fail on a malformed one only at the first call or deep in start-up: checked here, with its name.
 */
const PROXY_SETTINGS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;
const proxyUrl = z.url({ protocol: /^https?$/, error: 'must be the http(s) URL of a proxy, such as http://proxy.contoso.com:8080' });
/** Settings whose value may hold a password: a start-up message never repeats them. */
const SECRET = new Set(['DATABASE_URL', 'MicrosoftAppPassword', ...PROXY_SETTINGS]);

// An empty value in .env means "not set", as it does for most tools that read .env files.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** Settings the Teams app package shares with the server, so both read them alike. */
export const appIdSetting = z.string().trim().regex(GUID, 'must be an app ID from Microsoft Entra (a GUID)');
export const publicHostSetting = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/, 'must be a host name such as desk.contoso.com, without https:// or a path');

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const schema = z
  .object({
    PORT: optional(integer(0, 65535)), // 0 picks a free port
    // An address, not a name: HOST is where this process listens, PUBLIC_HOST is where Teams reaches it.
    HOST: optional(
      z
        .string()
        .trim()
        .refine((v) => v === 'localhost' || isIP(v) !== 0, 'must be an IP address of this machine (0.0.0.0 for all of them) or localhost'),
    ),
    STORAGE_FILE: optional(z.string().trim().regex(/\.json$/, 'must name a .json file')),
    DATABASE_URL: optional(
      z.string().trim().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
    ),
    INVITE_TTL_DAYS: optional(integer(1, 365)),
    ALLOWED_TENANTS: optional(
      z
        .string()
        .transform((s) => s.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))
        .pipe(
          z
            .array(z.string().regex(GUID, 'must be a comma-separated list of tenant IDs (GUIDs)'))
            // An empty list allows every tenant: only an empty setting may mean that, never a stray comma.
            .min(1, 'names no tenant ID (leave it empty to allow any tenant)'),
        ),
    ),
    MicrosoftAppId: optional(z.string().trim().regex(GUID, 'must be the bot\'s Microsoft App ID (a GUID)')),
    MicrosoftAppPassword: optional(z.string()),
    MicrosoftAppType: optional(z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'])),
    MicrosoftAppTenantId: optional(z.string().trim().regex(GUID, 'must be a tenant ID (a GUID)')),
    BOT_OPENID_METADATA_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
    LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
    PUBLIC_HOST: optional(publicHostSetting),
    SSO_APP_ID: optional(appIdSetting),
    SSO_KEYS_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of a JSON Web Key Set' })),
    ...Object.fromEntries(PROXY_SETTINGS.map((name) => [name, optional(proxyUrl)])),
  })
  .superRefine((env, ctx) => {
    if (!env.MicrosoftAppId) {
      // Any of these means a deployment meant to authenticate, with the app ID missing or misspelled: starting
      // would serve it unauthenticated to whatever forwards to the loopback address (a reverse proxy).
      for (const name of ['MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'BOT_OPENID_METADATA_URL'] as const) {
        if (env[name]) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'has no effect while MicrosoftAppId is empty: requests are not authenticated (set MicrosoftAppId, or leave this empty for local use)' });
        }
      }
      if (env.HOST && !LOOPBACK.has(env.HOST)) {
        ctx.addIssue({
          code: 'custom',
          path: ['HOST'],
          message: 'must be a loopback address (127.0.0.1) while MicrosoftAppId is empty: requests are not authenticated',
        });
      }
      return;
    }
    const type = env.MicrosoftAppType ?? 'SingleTenant';
    if (type !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (type !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: `is required when MicrosoftAppType is ${type}`,
      });
    }
  });

export interface Config {
  port: number;
  host: string;
  storageFile: string;
  databaseUrl: string | undefined;
  inviteTtlDays: number;
  allowedTenants: string[];
  /** Empty in local mode: requests are not authenticated. */
  auth:
    | {
        appId: string;
        appPassword: string;
        appType: string;
        appTenantId: string;
        /** Where the Bot Framework's token signing keys are published; the public cloud's when undefined. */
        openIdMetadataUrl: string | undefined;
      }
    | undefined;
  logLevel: string;
  /** The dashboard tab's single sign-on; undefined when no app ID is set, and the tab's API answers 503. */
  sso: { appId: string; resource: string | undefined; keysUrl: string } | undefined;
}

/** Microsoft Entra's signing keys, for tokens of every tenant. */
const MICROSOFT_KEYS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses every setting at once, so a bad deployment learns all its mistakes in one start. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const raw = env[name];
        const shown =
          raw === undefined ? '' : SECRET.has(name) ? ' (value not shown)' : ` (got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)})`;
        return `Invalid setting ${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT ?? 3978,
    host: e.HOST ?? (e.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1'),
    storageFile: e.STORAGE_FILE ?? 'data/publisher-desk.json',
    databaseUrl: e.DATABASE_URL,
    inviteTtlDays: e.INVITE_TTL_DAYS ?? 14,
    allowedTenants: e.ALLOWED_TENANTS ?? [],
    auth: e.MicrosoftAppId
      ? {
          appId: e.MicrosoftAppId,
          appPassword: e.MicrosoftAppPassword ?? '',
          appType: e.MicrosoftAppType ?? 'SingleTenant',
          appTenantId: e.MicrosoftAppTenantId ?? '',
          openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
        }
      : undefined,
    logLevel: e.LOG_LEVEL ?? 'info',
    // A managed identity cannot expose an API for people to sign in to: the tab needs an app of its own then.
    sso: ssoOf(e.SSO_APP_ID ?? (e.MicrosoftAppType === 'UserAssignedMSI' ? undefined : e.MicrosoftAppId), e.PUBLIC_HOST, e.SSO_KEYS_URL),
  };
}

function ssoOf(appId: string | undefined, publicHost: string | undefined, keysUrl: string | undefined): Config['sso'] {
  if (!appId) return undefined;
  // Teams asks for tokens for the app's "Expose an API" URI, which must be on the tab's host.
  return { appId, resource: publicHost ? `api://${publicHost}/${appId}` : undefined, keysUrl: keysUrl ?? MICROSOFT_KEYS_URL };
}
