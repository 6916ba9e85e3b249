import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { DecisionRequest } from '../bot/invitation-flow.js';
import { statusLine } from '../bot/views/invitation.js';
import type { Config } from '../config.js';
import { DomainError } from '../domain/errors.js';
import type { DecisionResult } from '../domain/invitations.js';
import type { Actor } from '../domain/model.js';
import { pickLocale, translator, type Locale, type MessageKey, type Translate } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { tokenVerifier } from './auth.js';
import type { ApiError, ApiErrorCode, DecisionData } from './contract.js';
import { auditCsv } from './csv.js';
import { dashboardOf, historyExport } from './dashboard.js';

export interface TabApiDeps {
  readonly config: Config;
  readonly store: Store;
  readonly log: Logger;
  readonly now: () => Date;
  /** Decides an invitation as the cards do, and updates every copy of its card. */
  readonly decide: (request: DecisionRequest) => Promise<DecisionResult>;
  /** A download the client takes nothing of for this long is cut (it would hold the person's slot). */
  readonly downloadIdleMs: number;
}

/** The signed-in person, as every API call sees them. */
interface Caller {
  readonly tenantId: string;
  readonly person: Actor;
  readonly locale: Locale;
  readonly t: Translate;
}

type Answer =
  | { readonly status: number; readonly json: unknown }
  | {
      readonly status: 200;
      readonly csv: AsyncIterable<string>;
      readonly filename: string;
      /** Called once the download ended, however it ended. */
      readonly finished: () => void;
    };

const CODE_OF: Partial<Record<MessageKey, ApiErrorCode>> = {
  'whoami.notSetUp': 'not_set_up',
  'access.notMember': 'not_member',
  'access.ownersOnly': 'owners_only',
  'invite.notFound': 'not_found',
  'gate.approval': 'prerequisites_open',
};

const refusal = (status: number, code: ApiErrorCode, message: string): Answer => ({
  status,
  json: { error: { code, message } } satisfies ApiError,
});

const invitationId = z.string().trim().min(1).max(100);
const rejectBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();

/** The dashboard tab's JSON API: every call carries the person's Teams single sign-on token. */
export function registerTabApi(server: Server, deps: TabApiDeps): void {
  const { config, store, log, now, decide, downloadIdleMs } = deps;
  const verify = config.sso ? tokenVerifier(config.sso) : undefined;

  async function identify(req: Request): Promise<Caller | Answer> {
    const locale = pickLocale(req.header('accept-language'));
    const t = translator(locale);
    if (!verify) return refusal(503, 'sso_not_configured', t('tab.error.ssoNotConfigured'));
    const verified = await verify(req.header('authorization'));
    if (!verified.ok) return refusal(verified.status, verified.code, t(verified.key, verified.params));
    const { tenantId, aadObjectId, name } = verified.user;
    const allowed = config.allowedTenants;
    if (allowed.length && !allowed.includes(tenantId)) return refusal(403, 'tenant_not_allowed', t('tenant.notAllowed'));
    // The email comes from what Teams told the bot (as for every turn), not from the token's claims.
    const { known, unmatched } = await store.read(tenantId, async (tenant) => {
      const known = await tenant.user(aadObjectId);
      // Without it, someone who was invited but never wrote to the bot cannot be matched to their invitation.
      const unmatched = !known?.email && !!(await tenant.organization()) && !(await tenant.memberByAadObjectId(aadObjectId));
      return { known, unmatched };
    });
    if (unmatched) return refusal(403, 'not_member', t('tab.error.unknownPerson'));
    return { tenantId, locale, t, person: { aadObjectId, name: name || known?.name || '', email: known?.email } };
  }

  const route = (work: (caller: Caller, req: Request) => Promise<Answer>) => async (req: Request, res: Response) => {
    let answer: Answer;
    let t = translator(pickLocale(req.header('accept-language')));
    try {
      const caller = await identify(req);
      if ('status' in caller) answer = caller;
      else {
        t = caller.t;
        answer = await work(caller, req);
      }
    } catch (error) {
      answer = explain(error, t);
    }
    res.setHeader('cache-control', 'no-store');
    if ('csv' in answer) {
      try {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${answer.filename}"` });
        // A socket timeout counts time without traffic: a client that stopped reading leaves the writes waiting.
        res.setTimeout(downloadIdleMs, () => res.destroy());
        // Written as the client takes it: a slow download holds one page, never the whole history.
        await pipeline(Readable.from(answer.csv), res);
      } catch (error) {
        // The status is sent; a cut connection tells the client the file is incomplete.
        const gone = (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE';
        if (gone) log.info('history download abandoned by the client');
        else log.error({ err: error }, 'history download failed');
      } finally {
        answer.finished();
      }
    } else {
      res.send(answer.status, answer.json);
    }
  };

  function explain(error: unknown, t: Translate): Answer {
    if (error instanceof DomainError) {
      const code = CODE_OF[error.key] ?? 'invalid_request';
      return refusal(error.status, code, t(error.key, error.params));
    }
    const errorId = randomBytes(4).toString('hex');
    log.error({ err: error, errorId }, 'tab API request failed');
    return refusal(500, 'server_error', t('error.body', { errorId }));
  }

  server.get('/api/tab/dashboard', route(async ({ tenantId, person }) => ({
    status: 200,
    json: await store.read(tenantId, (tenant) => dashboardOf(tenant, person, now())),
  })));

  // A person's next download waits for their last: each holds a connection and a page of the history.
  const exporting = new Set<string>();
  server.get('/api/tab/history.csv', route(async ({ tenantId, person, t }) => {
    const exporter = `${tenantId}/${person.aadObjectId}`;
    if (exporting.has(exporter)) return refusal(429, 'export_busy', t('tab.error.exportBusy'));
    exporting.add(exporter);
    const finished = () => exporting.delete(exporter);
    try {
      const pages = await historyExport(store, tenantId, person);
      return { status: 200, csv: auditCsv(pages), filename: `publisher-desk-history-${now().toISOString().slice(0, 10)}.csv`, finished };
    } catch (error) {
      finished();
      throw error;
    }
  }));

  // restify answers some requests itself, before any route runs (a body that is not JSON, a path no route
  // takes): on the API those answers keep its shape, so the page can read them like its own.
  server.on('restifyError', (req: Request, _res: Response, error: { statusCode?: number; toJSON?: () => unknown }, done: () => void) => {
    if (req.path().startsWith('/api/tab/')) {
      const t = translator(pickLocale(req.header('accept-language')));
      const status = error.statusCode ?? 500;
      const [code, key]: [ApiErrorCode, MessageKey] =
        status === 404 ? ['not_found', 'tab.error.notFound']
        : status < 500 ? ['invalid_request', 'tab.error.invalidRequest']
        : ['server_error', 'tab.error.network'];
      error.toJSON = () => ({ error: { code, message: t(key) } }) satisfies ApiError;
    }
    done();
  });

  for (const kind of ['approve', 'reject'] as const) {
    server.post(`/api/tab/invitations/:id/${kind}`, route(async ({ tenantId, person, locale, t }, req) => {
      const id = invitationId.safeParse(req.params?.['id']);
      const body = rejectBody.safeParse(req.body ?? {});
      if (!id.success || !body.success) return refusal(400, 'invalid_request', t('tab.error.invalidRequest'));
      const decision = kind === 'approve' ? { kind } : { kind, reason: body.data.reason || undefined };
      return decisionAnswer(await decide({ tenantId, person, locale, invitationId: id.data, decision }), { t, locale, now });
    }));
  }
}

function decisionAnswer(result: DecisionResult, context: { t: Translate; locale: Locale; now: () => Date }): Answer {
  const { t } = context;
  switch (result.outcome) {
    case 'refused':
      return refusal(result.key === 'invite.notFound' ? 404 : 403, CODE_OF[result.key] ?? 'owners_only', t(result.key));
    case 'alreadyDecided':
      return refusal(409, 'already_decided', t('tab.error.alreadyDecided', { status: statusLine(context, result.invitation) }));
    case 'decided':
    case 'expired': {
      const { id, status } = result.invitation;
      return { status: 200, json: { invitationId: id, status: status as DecisionData['status'] } satisfies DecisionData };
    }
  }
}
