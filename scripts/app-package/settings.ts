import { z } from 'zod';
import { appIdSetting, publicHostSetting } from '../../src/config.js';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const required = (setting: z.ZodType<string, string>, what: string) =>
  z.preprocess(blank, z.string({ error: what }).pipe(setting));

/** The settings the manifest's placeholders need, named as the server names them. */
const schema = z
  .object({
    MicrosoftAppId: required(appIdSetting, 'the Azure Bot\'s app ID, which is also the Teams app\'s ID'),
    MicrosoftAppType: z.preprocess(blank, z.string().optional()),
    PUBLIC_HOST: required(publicHostSetting, 'the host name Teams reaches the bot and its tab on, e.g. desk.contoso.com'),
    SSO_APP_ID: z.preprocess(blank, appIdSetting.optional()),
  })
  .superRefine((env, ctx) => {
    // As the server decides (see src/config.ts): people cannot sign in to a managed identity.
    if (env.MicrosoftAppType?.trim() === 'UserAssignedMSI' && !env.SSO_APP_ID) {
      ctx.addIssue({ code: 'invalid_type', expected: 'string', path: ['SSO_APP_ID'], message: 'the Entra app the tab signs people in with, which a UserAssignedMSI bot cannot be' });
    }
  });

/** What fills each `${{NAME}}` placeholder in manifest.json. */
export type Placeholders = Readonly<Record<'BOT_ID' | 'PUBLIC_HOST' | 'SSO_APP_ID', string>>;

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'SettingsError';
  }
}

export function placeholdersFrom(env: NodeJS.ProcessEnv): Placeholders {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map((issue) => `${issue.code === 'invalid_type' ? 'Missing' : 'Invalid'} setting ${String(issue.path[0])}: ${issue.message}`),
    );
  }
  const { MicrosoftAppId, PUBLIC_HOST, SSO_APP_ID } = parsed.data;
  return { BOT_ID: MicrosoftAppId, PUBLIC_HOST, SSO_APP_ID: SSO_APP_ID ?? MicrosoftAppId };
}
