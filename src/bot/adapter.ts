import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { BotFrameworkAuthentication, ConnectorFactory } from 'botframework-connector';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { ReusedClients } from './reused-clients.js';

/** Makes the credentials the bot calls Teams with; tests pass one that needs no Microsoft Entra ID. */
export type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;

export interface EndpointResponse {
  readonly status: number;
  readonly body?: unknown;
}

const id = z.string().min(1).max(1024);

/** The envelope every Bot Framework activity must have before anything reads it. */
const activityEnvelope = z.looseObject({
  type: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: id,
  from: z.looseObject({ id, name: z.string().max(1024).optional(), aadObjectId: z.string().max(64).optional() }),
  recipient: z.looseObject({ id }),
  conversation: z.looseObject({
    id,
    tenantId: z.string().max(64).optional(),
    conversationType: z.string().max(64).optional(),
  }),
  text: z.string().optional(),
  name: z.string().max(256).optional(),
  locale: z.string().max(64).optional(),
  replyToId: z.string().max(1024).optional(),
  deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
  entities: z.array(z.looseObject({ type: z.string() })).optional(),
  membersAdded: z.array(z.looseObject({ id })).optional(),
});

/**
 * CloudAdapter with a front door that never lets a malformed or unauthenticated request reach the bot:
 * a bad envelope is a 400 with the reason, and any failed token check is a 401 (the stock adapter
 * answers some token failures with a 500).
 */
export class BotEndpoint extends CloudAdapter {
  constructor(
    private readonly authentication: BotFrameworkAuthentication,
    private readonly log: Logger,
    /** False in local mode, where requests carry no token. */
    private readonly tokensRequired: boolean,
  ) {
    super(authentication);
    this.onTurnError = async (context, error) => {
      log.error({ err: error, activityType: context.activity.type }, 'turn failed outside the bot');
    };
  }

  async handle(
    body: unknown,
    authorization: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<EndpointResponse> {
    const parsed = activityEnvelope.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { status: 400, body: { error: `Not a valid activity: ${issue?.path.join('.') || 'body'}: ${issue?.message}` } };
    }
    const activity = parsed.data as unknown as Activity;
    let authenticated;
    try {
      authenticated = await this.authentication.authenticateRequest(activity, authorization);
      // The SDK accepts a signed token without `exp`, and such a token, once leaked, would open the door for
      // ever. The Bot Framework always sets one, so a token without it was not made by a channel.
      if (this.tokensRequired && authenticated.claimsIdentity.getClaimValue('exp') === null) {
        throw new Error('the token has no expiry (exp)');
      }
    } catch (error) {
      this.log.info({ reason: (error as Error).message }, 'refused a request that failed authentication');
      return { status: 401, body: { error: 'Unauthorized' } };
    }
    const response = await this.processActivity(authenticated, activity, logic);
    return { status: response?.status ?? 200, body: response?.body };
  }

  /** Connector clients for messages the bot starts itself, made as continueConversationAsync makes them. */
  proactiveConnectors(appId: string): ConnectorFactory {
    return this.authentication.createConnectorFactory(this.createClaimsIdentity(appId));
  }
}

/**
 * Where the token checks look for their keys. Setting any of these replaces all of the SDK's public-cloud
 * defaults, so a custom metadata URL (a test's own keys) comes with the public cloud's other values.
 */
function cloudEndpoints(openIdMetadataUrl: string | undefined): ConfigurationBotFrameworkAuthenticationOptions {
  if (!openIdMetadataUrl) return {};
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
}

export function createEndpoint(config: Config, log: Logger, credentials?: CredentialsFactory): BotEndpoint {
  const options: ConfigurationBotFrameworkAuthenticationOptions = config.auth
    ? {
        MicrosoftAppId: config.auth.appId,
        MicrosoftAppPassword: config.auth.appPassword,
        MicrosoftAppType: config.auth.appType,
        MicrosoftAppTenantId: config.auth.appTenantId,
        ...cloudEndpoints(config.auth.openIdMetadataUrl),
      }
    : {};
  const authentication = new ReusedClients(new ConfigurationBotFrameworkAuthentication(options, credentials));
  return new BotEndpoint(authentication, log, config.auth !== undefined);
}
