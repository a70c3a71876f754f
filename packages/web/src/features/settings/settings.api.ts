import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DictionaryEntry, DictionaryEntryInput, Settings, UpdateDictionaryEntry, UpdateSettingsRequest } from '@baoxue/shared';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '@baoxue/shared';
import { api, seg } from '../../api/client';
import { useSession } from '../../api/session';

const SETTINGS_KEY = ['settings'] as const;
const DICTIONARIES_KEY = ['dictionaries'] as const;

export function useSettings(enabled = true) {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: ({ signal }) => api.get<Settings>('/settings', undefined, signal), enabled });
}

export function useSaveSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSettingsRequest) => api.put<Settings>('/settings', body),
    onSuccess: (settings) => {
      qc.setQueryData(SETTINGS_KEY, settings);
      // The current school year drives the overview and class lists.
      return Promise.all([qc.invalidateQueries({ queryKey: ['overview'] }), qc.invalidateQueries({ queryKey: ['schools'] })]);
    },
  });
}

export function useDictionaries() {
  return useQuery({
    queryKey: DICTIONARIES_KEY,
    queryFn: ({ signal }) => api.get<DictionaryEntry[]>('/dictionaries', undefined, signal),
  });
}

export function useCreateEntry(category: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DictionaryEntryInput) => api.post<DictionaryEntry>(`/dictionaries/${seg(category)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: DICTIONARIES_KEY }),
  });
}

export function useUpdateEntry(category: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: UpdateDictionaryEntry }) =>
      api.patch<DictionaryEntry>(`/dictionaries/${seg(category)}/${seg(code)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: DICTIONARIES_KEY }),
  });
}

/**
 * The password rule as the county set it (settings are readable by every user), so the
 * form says the same as the server will. Falls back to the shared default while loading.
 */
export function usePasswordPolicy(): PasswordPolicy {
  // Until the password is changed every other call is refused, so none is made.
  const mustChange = useSession().data?.user.mustChangePassword ?? false;
  const settings = useSettings(!mustChange);
  return {
    minLength: settings.data?.security.passwordMinLength ?? DEFAULT_PASSWORD_POLICY.minLength,
    minClasses: DEFAULT_PASSWORD_POLICY.minClasses,
  };
}
