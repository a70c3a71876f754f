import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RegionDetail, RegionNode, UpdateRegionRequest } from '@baoxue/shared';
import { api, seg } from '../../api/client';

export const REGION_TREE_KEY = ['regions', 'tree'] as const;

/**
 * The user's part of the region tree: the regions whose pages they may open (api/session.ts
 * useCanOpenRegion); also feeds the town and village pickers elsewhere.
 */
export function useRegionTree(enabled = true) {
  return useQuery({
    queryKey: REGION_TREE_KEY,
    queryFn: ({ signal }) => api.get<RegionNode[]>('/regions/tree', undefined, signal),
    // Division names change a few times a year at most.
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function useRegion(code: string | undefined) {
  return useQuery({
    queryKey: ['regions', 'detail', code],
    queryFn: ({ signal }) => api.get<RegionDetail>(`/regions/${seg(code ?? '')}`, undefined, signal),
    enabled: !!code,
  });
}

export function useRenameRegion(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRegionRequest) => api.patch<RegionDetail>(`/regions/${seg(code)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['regions'] }),
  });
}

/** Flattened nodes of one level, in tree order (towns for filters, villages for service areas). */
export function regionsOfLevel(tree: readonly RegionNode[] | undefined, level: RegionNode['level']): RegionNode[] {
  const out: RegionNode[] = [];
  const walk = (nodes: readonly RegionNode[]) => {
    for (const n of nodes) {
      if (n.level === level) out.push(n);
      walk(n.children);
    }
  };
  if (tree) walk(tree);
  return out;
}
