import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InboxCount, InboxItem, Page } from '@baoxue/shared';
import { api, seg } from '../../api/client';
import { useI18n } from '../../i18n';

const KEY = ['inbox'] as const;
/** The header badge asks this often; the count is one index scan of the user's open items. */
const BADGE_POLL_MS = 60_000;

export type InboxState = 'open' | 'done' | 'all';

/** The user's items; titles in the language shown (the server falls back to the saved locale). */
export function useInbox(params: { state: InboxState; page: number; pageSize: number }) {
  const { lang } = useI18n();
  return useQuery({
    queryKey: [...KEY, 'list', params, lang],
    queryFn: ({ signal }) => api.get<Page<InboxItem>>('/inbox', { ...params, lang }, signal),
  });
}

export function useInboxCount() {
  return useQuery({
    queryKey: [...KEY, 'count'],
    queryFn: ({ signal }) => api.get<InboxCount>('/inbox/count', undefined, signal),
    refetchInterval: BADGE_POLL_MS,
    refetchIntervalInBackground: false,
  });
}

function useMark(mark: 'read' | 'done') {
  const qc = useQueryClient();
  const { lang } = useI18n();
  return useMutation({
    mutationFn: (id: number) => api.post<InboxItem>(`/inbox/${seg(id)}/${mark}?lang=${lang}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export const useMarkRead = () => useMark('read');
export const useMarkDone = () => useMark('done');
