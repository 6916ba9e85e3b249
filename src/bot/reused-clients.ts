import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/**
 * Service URLs and app IDs a bot talks to: a few per Teams region. The bound only matters in local
 * mode, where any caller may name a service URL.
 */
const CLIENTS_KEPT = 100;

/** The bot's own app ID, as the SDK reads it from a turn's claims (channel: audience; emulator: appid). */
const appIdOf = (claims: ClaimsIdentity) =>
  claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';

/**
 * The SDK's authentication, except that connector and user-token clients are made once per app ID,
 * service URL and audience, then reused. CloudAdapter otherwise builds both for every turn and every
 * proactive message: a fresh HTTP pipeline each time, as much CPU as the rest of a read turn. A client
 * holds no per-turn state, and its credentials renew their own tokens, so one can serve every turn (the
 * SDK's older BotFrameworkAdapter kept its connector clients the same way).
 */
export class ReusedClients extends BotFrameworkAuthentication {
  readonly #connectors = new LRUCache<string, Promise<ConnectorClient>>({ max: CLIENTS_KEPT });
  readonly #userTokens = new LRUCache<string, Promise<UserTokenClient>>({ max: CLIENTS_KEPT });

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.#reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.#reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusedConnectors(appIdOf(claimsIdentity), () => this.inner.createConnectorFactory(claimsIdentity), this.#connectors);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return kept(this.#userTokens, appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  /** The request's own factory serves only when no client is kept for its key yet. */
  #reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { claimsIdentity, connectorFactory } = result;
    const inner = () => connectorFactory ?? this.inner.createConnectorFactory(claimsIdentity);
    return { ...result, connectorFactory: new ReusedConnectors(appIdOf(claimsIdentity), inner, this.#connectors) };
  }
}

/** Asks the SDK's factory (made only then) for a client the cache does not hold yet. */
class ReusedConnectors extends ConnectorFactory {
  constructor(
    private readonly appId: string,
    private readonly inner: () => ConnectorFactory,
    private readonly clients: LRUCache<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return kept(this.clients, `${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner().create(serviceUrl, audience));
  }
}

/** The cached client for key, made by make on first use; a failed make is forgotten, so the next turn tries again. */
function kept<T>(cache: LRUCache<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let client = cache.get(key);
  if (!client) {
    client = make();
    cache.set(key, client);
    client.catch(() => {
      if (cache.get(key) === client) cache.delete(key);
    });
  }
  return client;
}
