import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorBody, type ErrorCode, type ErrorDetail } from '../errors';
import { logError } from '../lib/log-error';

// Fastify's own client errors (bad JSON, too large, wrong content type…) mapped to our codes.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_VALIDATION: 'validation',
};

function validationDetails(error: FastifyError): ErrorDetail[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  return error.validation.map((issue) => ({
    path: [error.validationContext, issue.instancePath.replace(/^\//, '').replaceAll('/', '.')]
      .filter(Boolean)
      .join('.'),
    message: issue.message ?? '',
  }));
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

export function toAppError(error: FastifyError): AppError | null {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return new AppError('validation', validationDetails(error));
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return new AppError('bad_request', [{ path: 'body', message: 'JSON 格式错误 / malformed JSON' }]);
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
    const known = toAppError(error);
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
