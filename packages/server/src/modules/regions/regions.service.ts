import type { Region, RegionDetail, RegionNode, UpdateRegionRequest } from '@baoxue/shared';
import type { RequestContext } from '../../context';
import { notFound } from '../../errors';
import { auditFor } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import * as q from './regions.queries';

type RegionRow = Awaited<ReturnType<typeof q.listRegions>>[number];

function toRegion(row: RegionRow): Region {
  return { code: row.code, name: row.name, level: row.level, parentCode: row.parent_code };
}

/** Nests the visible regions; a node whose parent is out of scope becomes a root. */
export function buildTree(rows: readonly RegionRow[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(rows.map((r) => [r.code, { ...toRegion(r), children: [] }]));
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export async function regionTree(ctx: RequestContext): Promise<RegionNode[]> {
  return buildTree(await q.listRegions(ctx.db, ctx.actor.scope));
}

export async function regionDetail(ctx: RequestContext, code: string): Promise<RegionDetail> {
  const row = await q.findRegion(ctx.db, ctx.actor.scope, code);
  if (!row)
    throw await notFoundOrDenied(ctx, 'region', code, () =>
      q.regionExists(ctx.db, ctx.actor.countyCode, code),
    );
  const counts = await q.countUnder(ctx.db, ctx.actor.scope, code);
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    parentName: row.parent_name,
    villageCount: counts.villages,
    schoolCount: counts.schools,
    studentCount: counts.students,
  };
}

export async function renameRegion(
  ctx: RequestContext,
  code: string,
  input: UpdateRegionRequest,
): Promise<Region> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await q.findRegion(trx, ctx.actor.scope, code);
    if (!before) throw notFound();
    const after = await q.renameRegion(trx, ctx.actor.countyCode, code, input.name);
    if (!after) throw notFound();
    await auditFor(ctx, trx, { action: 'update', entity: 'region', entityId: code, before, after });
    return toRegion(after);
  });
}
