import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, detail, errorBody, type ErrorCode, type ErrorDetail } from '../errors';
import { logError } from '../lib/log-error';
import { issueMessages, type IssueWithInput } from './issue-messages';

// Fastify's own client errors (bad JSON, too large, wrong content type…) mapped to our codes.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_VALIDATION: 'validation',
};

function validationDetails(error: FastifyError, request: FastifyRequest): ErrorDetail[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const part = requestPart(request, error.validationContext);
  return error.validation.map((issue) => {
    const keys = issue.instancePath === '/' ? [] : issue.instancePath.slice(1).split('/');
    // fastify-type-provider-zod keeps the rest of zod's issue in `params`; zod has dropped the
    // input, which tells a missing field from a wrong one, so it is looked up in the request.
    const zodIssue = { ...issue.params, code: issue.keyword, message: issue.message ?? '', path: keys };
    const text = issueMessages({ ...zodIssue, input: valueAt(part, keys) } as IssueWithInput);
    return detail([error.validationContext, keys.join('.')].filter(Boolean).join('.'), text.zh, text.en);
  });
}

/** The part of the request a schema refused, as the client sent it (a refused part is not replaced). */
function requestPart(request: FastifyRequest, context: string | undefined): unknown {
  if (context === 'body') return request.body;
  if (context === 'querystring') return request.query;
  if (context === 'params') return request.params;
  if (context === 'headers') return request.headers;
  return undefined;
}

function valueAt(value: unknown, keys: string[]): unknown {
  let here = value;
  for (const key of keys) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

/**
 * A statement the database refused for what it was given (SQLSTATE class 22, data
 * exception: a NUL in a text, a number out of range; class 23, a constraint): the
 * request's fault, not the server's. Each such input should be refused by its schema
 * first; this is the net under the ones a schema let through.
 */
function databaseRefusal(error: FastifyError): AppError | null {
  const sqlState = 'severity' in error && typeof error.code === 'string' ? error.code : '';
  if (!/^[0-9A-Z]{5}$/.test(sqlState)) return null;
  if (sqlState.startsWith('22')) return new AppError('validation');
  if (sqlState.startsWith('23')) return new AppError('conflict');
  return null;
}

export function toAppError(error: FastifyError, request: FastifyRequest): AppError | null {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error))
    return new AppError('validation', validationDetails(error, request));
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return new AppError('bad_request', [detail('body', 'JSON 格式错误', 'Malformed JSON')]);
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return new AppError(mapped);
  if (error.statusCode === 429) return new AppError('rate_limited');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new AppError('bad_request');
  return null;
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = toAppError(error, request);
    if (known) return reply.status(known.status).send(errorBody(known));
    const route = `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
    const refused = databaseRefusal(error);
    if (refused) {
      // Written down all the same: a schema or a check is missing.
      logError(`database refused input in ${route}`, error);
      return reply.status(refused.status).send(errorBody(refused));
    }
    // 5xx details stay in the server log, numbers masked; the client gets the generic message only.
    logError(`unhandled error in ${route}`, error);
    return reply.status(500).send(errorBody(new AppError('internal')));
  });
}

export default fp(errorsPlugin, { name: 'errors' });
