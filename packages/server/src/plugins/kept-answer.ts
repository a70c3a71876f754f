import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../context';
import { keptValue } from '../lib/kept-rows';
import { contextOf } from './auth';

// The overview and the region tree are pages of kept figures: their answer is a function of
// the user's data scope and of rows that change only when the kept rows are forgotten. Made
// and written as JSON for every request it cost a county's overview a millisecond of server
// time (a third of it writing the same JSON again); kept as the JSON it was written as, per
// route and scope, a request costs its session check and the sending of a string.

/**
 * The answer `make` gives, written by the route's own serializer (so it holds what the
 * route's schema declares, as any answer does), kept with the figures it is made of, and sent.
 */
export async function keptAnswer<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  make: (ctx: RequestContext) => Promise<T>,
): Promise<void> {
  const ctx = contextOf(request);
  const key = `answer\u0000${request.routeOptions.url}\u0000${JSON.stringify(ctx.actor.scope)}`;
  const body = await keptValue(ctx.db, key, async () => reply.serialize(await make(ctx)) as string);
  // Sent as it is: a string answer of a JSON type is not serialized again.
  void reply.type('application/json; charset=utf-8').send(body);
}
