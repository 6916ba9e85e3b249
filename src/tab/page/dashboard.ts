// The dashboard tab's page: signs in through Teams, then shows the organization's publishing account.
import { app, authentication } from '@microsoft/teams-js';
import { pickLocale, translator, type Locale, type Translate } from '../../i18n/index.js';
import type { DashboardData, DecisionData } from '../contract.js';
import { ApiProblem, apiClient, type ApiClient } from './api-client.js';
import { h } from './dom.js';
import { dashboardView, type Notice } from './view.js';

const root = document.getElementById('app')!;

function show(...content: Node[]): void {
  root.replaceChildren(...content);
}

function showProblem(title: string, text: string, retry?: { label: string; run: () => void }): void {
  const button = retry && h('button', { type: 'button', class: 'primary' }, retry.label);
  button?.addEventListener('click', retry!.run);
  show(h('section', { class: 'card problem', role: 'alert' }, h('h1', {}, title), h('p', {}, text), button));
}

function applyTheme(theme: string | undefined): void {
  document.documentElement.dataset['theme'] = theme === 'dark' || theme === 'contrast' ? theme : 'light';
}

class Dashboard {
  #data: DashboardData | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly t: Translate,
    private readonly locale: Locale,
  ) {}

  async load(notice?: Notice): Promise<void> {
    try {
      this.#data = await this.api.json<DashboardData>('/api/tab/dashboard');
      this.#render(notice);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      showProblem(this.t('tab.error.title'), error.message, { label: this.t('tab.retry'), run: () => void this.load() });
    }
  }

  #render(notice?: Notice): void {
    show(
      dashboardView(this.#data!, this.t, this.locale, {
        decide: (invitation, kind, reason) => void this.#decide(invitation.id, invitation.email, kind, reason),
        downloadHistory: () => this.#download(),
      }, notice),
    );
  }

  async #decide(id: string, email: string, kind: 'approve' | 'reject', reason: string): Promise<void> {
    root.querySelectorAll('button').forEach((b) => (b.disabled = true));
    let notice: Notice;
    try {
      const body = kind === 'reject' && reason.trim() ? { reason: reason.trim() } : {};
      const { status } = await this.api.post<DecisionData>(`/api/tab/invitations/${encodeURIComponent(id)}/${kind}`, body);
      notice = { kind: status === 'expired' ? 'error' : 'ok', text: this.t(`tab.invitation.${status}`, { email }) };
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      notice = { kind: 'error', text: error.message };
    }
    await this.load(notice);
  }

  async #download(): Promise<void> {
    try {
      const { blob, filename } = await this.api.blob('/api/tab/history.csv');
      const link = h('a', { href: URL.createObjectURL(blob), download: filename });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      this.#render({ kind: 'error', text: error.message });
    }
  }
}

async function start(): Promise<void> {
  const outside = translator(pickLocale(navigator.language));
  show(h('p', { class: 'notice' }, outside('tab.loading')));
  try {
    await app.initialize();
  } catch {
    // With no Teams around it, initialize fails at once: say so instead of waiting.
    showProblem(outside('tab.outsideTeams.title'), outside('tab.outsideTeams.body'));
    return;
  }
  const context = await app.getContext();
  applyTheme(context.app.theme);
  app.registerOnThemeChangeHandler(applyTheme);
  const locale = pickLocale(context.app.locale);
  const t = translator(locale);
  document.documentElement.lang = locale;
  show(h('p', { class: 'notice' }, t('tab.loading')));

  const token = async () => {
    try {
      return await authentication.getAuthToken();
    } catch (error) {
      throw new ApiProblem(401, 'no_token', t('tab.error.signIn', { reason: error instanceof Error ? error.message : String(error) }));
    }
  };
  await new Dashboard(apiClient(token, context.app.locale, t('tab.error.network')), t, locale).load();
}

void start();
