import { ApiErrorSchema } from '@novoaigen/consent-schema';
import { bodyText } from './send.js';

/** What the checks learned about one answer. */
export interface Verdict {
  status: number;
  /** The error code of a 4xx answer. */
  code?: string;
}

/** Traces of internals an error message must never carry: SQL engine errors, stack frames. */
const LEAKS = /SQLITE_|D1_(ERROR|TYPE_ERROR|EXEC_ERROR)|\n\s+at \S+ \(|node_modules|\.ts:\d+/;

/** Thrown when an answer breaks the API's error contract; the message says which rule and shows the answer. */
export class ContractViolation extends Error {}

function violation(rule: string, status: number, body: string): never {
  throw new ContractViolation(`${rule} (status ${status}): ${body.slice(0, 500)}`);
}

/**
 * The error contract of the README ("Errors"), for every answer: never a 5xx; every 4xx is JSON
 * `{ error: { code, message, issues? } }` with a snake_case code and a message that leaks nothing;
 * a 405 names the allowed methods. HEAD answers have no body, so only their status and type count.
 */
export async function checkAnswer(res: Response, method: string): Promise<Verdict> {
  const body = method === 'HEAD' ? '' : await bodyText(res);
  if (res.status >= 500) violation('server error', res.status, body);
  if (res.status < 400) return { status: res.status };
  if (!(res.headers.get('Content-Type') ?? '').startsWith('application/json')) violation(`error answer is ${res.headers.get('Content-Type')}, not JSON`, res.status, body);
  if (res.status === 405 && !res.headers.get('Allow')) violation('405 without Allow', res.status, body);
  if (method === 'HEAD') return { status: res.status };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    violation('error body is not JSON', res.status, body);
  }
  const shape = ApiErrorSchema.safeParse(parsed);
  if (!shape.success) violation('error body is not { error: { code, message } }', res.status, body);
  const { code, message } = shape.data.error;
  if (!/^[a-z]+(_[a-z]+)*$/.test(code)) violation(`error code "${code}" is not snake_case`, res.status, body);
  if (message.trim() === '') violation('empty error message', res.status, body);
  if (LEAKS.test(message)) violation('error message leaks internals', res.status, body);
  return { status: res.status, code };
}
