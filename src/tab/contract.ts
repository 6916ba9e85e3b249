// The dashboard tab's JSON API, as the server sends it and the page reads it. Plain data: no server code,
// so the page's bundle can import these types too. Dates are ISO strings; labels are the page's business.

export type Role = 'owner' | 'contributor';

export interface ChecklistStepData {
  readonly id: 'mpn' | 'account' | 'registration' | 'portal' | 'devCenter';
  readonly number: number;
  readonly done: boolean;
  readonly required: boolean;
  readonly link: string;
  /** Who last completed or reopened the step, and when. */
  readonly by?: { readonly name: string; readonly at: string };
}

export interface ProfileFieldData {
  readonly field: string;
  /** Empty when not set. */
  readonly value: string;
}

export interface MemberData {
  readonly displayName: string;
  readonly email: string;
  readonly role: Role;
  readonly status: 'invited' | 'active';
  readonly type: 'user' | 'servicePrincipal';
}

export interface InvitationData {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly type: 'user' | 'servicePrincipal';
  readonly note?: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly expiresAt: string;
}

export interface HistoryEventData {
  readonly at: string;
  readonly type: string;
  readonly who: string;
  readonly subject: string;
}

export interface DashboardData {
  readonly viewer: { readonly name: string; readonly email: string; readonly role: Role; readonly canDecide: boolean };
  readonly checklist: { readonly done: number; readonly total: number; readonly steps: readonly ChecklistStepData[] };
  /** Null until an Owner first saves it. */
  readonly profile: {
    readonly fields: readonly ProfileFieldData[];
    readonly version: number;
    readonly updatedBy?: { readonly name: string; readonly at: string };
  } | null;
  readonly members: readonly MemberData[];
  readonly invitations: readonly InvitationData[];
  /** The latest events, newest first; the CSV has them all. */
  readonly history: { readonly events: readonly HistoryEventData[]; readonly total: number };
}

export interface DecisionData {
  readonly invitationId: string;
  readonly status: 'approved' | 'rejected' | 'expired';
}

export type ApiErrorCode =
  | 'sso_not_configured'
  | 'keys_unavailable'
  | 'no_token'
  | 'invalid_token'
  | 'token_expired'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'bad_signature'
  | 'tenant_not_allowed'
  | 'not_set_up'
  | 'not_member'
  | 'owners_only'
  | 'not_found'
  | 'already_decided'
  | 'export_busy'
  | 'prerequisites_open'
  | 'invalid_request'
  | 'server_error';

/** Every refusal: a code the page can act on and a sentence a person can read. */
export interface ApiError {
  readonly error: { readonly code: ApiErrorCode; readonly message: string };
}
