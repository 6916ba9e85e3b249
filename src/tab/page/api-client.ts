import type { ApiError, ApiErrorCode } from '../contract.js';

/** A refusal or failure the page shows as it is: the server's sentence is already in the person's language. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

/** Calls the tab's API with a fresh Teams single sign-on token on every request. */
export function apiClient(token: () => Promise<string>, locale: string, networkMessage: string) {
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    // Outside the fetch's try: a failed sign-in carries its own reason, which is not a network failure.
    const bearer = await token();
    let res: Response;
    try {
      res = await fetch(path, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${bearer}`, 'accept-language': locale },
      });
    } catch {
      throw new ApiProblem(0, 'network', networkMessage);
    }
    if (res.ok) return res;
    // A proxy, or the HTTP layer before the API, may answer in a shape of its own.
    const body = (await res.json().catch(() => undefined)) as Partial<ApiError> | undefined;
    throw new ApiProblem(res.status, body?.error?.code ?? 'network', body?.error?.message ?? networkMessage);
  }
  return {
    json: async <T>(path: string, init?: RequestInit): Promise<T> => (await (await call(path, init)).json()) as T,
    post: async <T>(path: string, body: unknown): Promise<T> =>
      (await (await call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as T,
    blob: async (path: string): Promise<{ blob: Blob; filename: string }> => {
      const res = await call(path);
      const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'history.csv';
      try {
        return { blob: await res.blob(), filename };
      } catch {
        // The body streams after the status: a download cut midway fails here, not in the fetch.
        throw new ApiProblem(0, 'network', networkMessage);
      }
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
