// The one door to the server. Types come from @baoxue/shared (the API contract); the
// client adds what every call needs: the CSRF header on writes, the error shape turned
// into an ApiError, and the two answers that must move the user elsewhere (401 → login,
// 403 password_change_required → change password) announced to whoever listens.
import type { ErrorResponse } from '@baoxue/shared';

export const API_BASE = '/api';

/** One field's reason, in both languages as the error's own: `message` Chinese, `messageEn` English. */
export interface ErrorDetail {
  path: string;
  message: string;
  messageEn: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(messageEn);
    this.name = 'ApiError';
  }
}

/** Codes the client produces itself when no server answer could be read. */
export const NETWORK_ERROR = 'network_error';

// Kept in memory only: a token in storage would outlive the session and be readable by
// any script that lands in the page's origin later.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type AuthEvent = { kind: 'unauthenticated'; code: string } | { kind: 'password_change_required' };
type AuthListener = (event: AuthEvent) => void;
const authListeners = new Set<AuthListener>();

/** The app shell subscribes once and decides where to send the user. */
export function onAuthEvent(listener: AuthListener): () => void {
  authListeners.add(listener);
  return () => {
    authListeners.delete(listener);
  };
}

function emit(event: AuthEvent): void {
  for (const listener of authListeners) listener(event);
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Empty values are left out so that "no filter" and "filter on empty" are never confused. */
export function toSearch(params: QueryParams | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/**
 * The .xlsx download of a list with the same filters. A plain GET link works because the
 * session cookie travels with same-origin navigation; paging is dropped since the export
 * covers every matching row.
 */
export function exportUrl(path: string, params: QueryParams): string {
  const { page: _page, pageSize: _pageSize, ...filters } = params;
  return `${API_BASE}${path}${toSearch({ ...filters, format: 'xlsx' })}`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  /** A file sent as it is (`application/octet-stream`) instead of a JSON body. */
  raw?: Blob;
  signal?: AbortSignal;
  /**
   * Login and the session probe answer 401 as a normal outcome; they must not bounce the
   * user to the login page they are already on.
   */
  quietAuth?: boolean;
}

function isErrorResponse(value: unknown): value is ErrorResponse {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error;
}

function errorOf(status: number, payload: unknown): ApiError {
  return isErrorResponse(payload)
    ? new ApiError(status, payload.error.code, payload.error.message, payload.error.messageEn, payload.error.details)
    : new ApiError(status, `http_${status}`, `服务器返回错误 (${status})`, `Server error (${status})`);
}

/**
 * Downloads a file (an export, a template, an error workbook, the 一表六册 workbook) and saves
 * it under the server's file name. Fetched rather than opened as a link so that a refusal (an
 * expired session, too many rows, no permission) shows as a message instead of being saved as
 * the file.
 */
export async function downloadFile(url: string): Promise<void> {
  const res = await fetchFile(url);
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name ? decodeURIComponent(name) : 'download.xlsx';
  link.click();
  // The click has handed the file to the browser; the object URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

/**
 * Opens a file (a PDF to print) in a new tab. Fetched first for the same reason as
 * `downloadFile`: an expired session shows the login page here, not an error in the tab.
 * The tab is opened at once, while the tap still counts as the user's (one opened after
 * waiting for the server is blocked as a pop-up), and closed again on a refusal.
 */
export async function openFile(url: string): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const file = URL.createObjectURL(await (await fetchFile(url)).blob());
    if (tab) tab.location.href = file;
    else window.location.href = file;
    // Long enough for the tab to load it; then the object URL is let go.
    setTimeout(() => URL.revokeObjectURL(file), 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}

/** A file from the server; a refusal throws (and an ended session goes to the login page). */
async function fetchFile(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, '无法连接服务器，请检查网络', 'Cannot reach the server; check the network');
  }
  if (!res.ok) {
    const error = errorOf(res.status, await readJson(res));
    tellShell(error);
    throw error;
  }
  return res;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.raw !== undefined) headers['content-type'] = 'application/octet-stream';
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}${toSearch(options.query)}`, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, NETWORK_ERROR, '无法连接服务器，请检查网络', 'Cannot reach the server; check the network');
  }

  const payload = await readJson(res);
  if (res.ok) return payload as T;

  const error = errorOf(res.status, payload);
  if (!options.quietAuth) tellShell(error);
  throw error;
}

/** A session that ended or must change its password is the shell's to handle (the login page). */
function tellShell(error: ApiError): void {
  if (error.status === 401) {
    csrfToken = null;
    emit({ kind: 'unauthenticated', code: error.code });
  } else if (error.status === 403 && error.code === 'password_change_required') {
    emit({ kind: 'password_change_required' });
  }
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** Uploads a file as the raw request body (imports); the options travel in the query. */
  upload: <T>(path: string, query: QueryParams, file: Blob) => request<T>('POST', path, { query, raw: file }),
};

/** A plain GET link for a download (templates, workbooks): the session cookie goes along. */
export function downloadUrl(path: string, params?: QueryParams): string {
  return `${API_BASE}${path}${toSearch(params)}`;
}

/** Path segments come from data (codes, ids); encode them so none can change the route. */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}
