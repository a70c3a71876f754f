import { useMemo, useState } from 'react';
import { Button, Empty, Select, Space, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { DictionaryEntry } from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n, type MessageKey } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { notifySuccess } from '../../components/feedback';
import { useDictionaries, useUpdateEntry } from './settings.api';
import { DictionaryForm } from './DictionaryForm';

// The API names categories by code only; the built-in ones get a readable name here.
const CATEGORY_LABELS: Partial<Record<string, MessageKey>> = {
  disability_category: 'dict.disability_category',
  disability_level: 'dict.disability_level',
  guardian_relation: 'dict.guardian_relation',
  verification_method: 'dict.verification_method',
  exemption_type: 'dict.exemption_type',
  out_of_school_reason: 'dict.out_of_school_reason',
};

type Dialog = { kind: 'create' } | { kind: 'edit'; entry: DictionaryEntry } | null;

export function DictionaryTable() {
  const { t, lang } = useI18n();
  const me = useMe();
  const editable = can(me, 'dictionaries.edit');
  const dictionaries = useDictionaries();
  const categories = useMemo(() => [...new Set((dictionaries.data ?? []).map((e) => e.category))].sort(), [dictionaries.data]);
  const [picked, setPicked] = useState<string | undefined>();
  const category = picked ?? categories[0];
  const entries = useMemo(
    () => (dictionaries.data ?? []).filter((e) => e.category === category).sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code)),
    [dictionaries.data, category],
  );
  const update = useUpdateEntry(category ?? '');
  const [dialog, setDialog] = useState<Dialog>(null);

  const toggle = (e: DictionaryEntry) =>
    update.mutate(
      { code: e.code, body: { active: !e.active } },
      { onSuccess: () => notifySuccess(t('common.saved')) },
    );

  const columns: Column<DictionaryEntry>[] = [
    { key: 'code', title: t('common.code'), render: (e) => <code>{e.code}</code> },
    { key: 'labelZh', title: t('settings.labelZh'), render: (e) => e.labelZh, hideOnCard: lang === 'zh-CN' },
    { key: 'labelEn', title: t('settings.labelEn'), render: (e) => e.labelEn, hideOnCard: lang === 'en' },
    { key: 'sort', title: t('settings.sort'), align: 'right', render: (e) => e.sort },
    {
      key: 'status',
      title: t('common.status'),
      render: (e) => (
        <Space size={4}>
          {e.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
          {e.builtin ? <Tag color="blue">{t('settings.builtin')}</Tag> : null}
        </Space>
      ),
    },
    ...(editable
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: 'right' as const,
            render: (e: DictionaryEntry) => (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit', entry: e })}>
                  {t('common.edit')}
                </Button>
                <Button size="small" danger={e.active} onClick={() => toggle(e)} loading={update.isPending && update.variables.code === e.code} data-testid={`dict-toggle-${e.code}`}>
                  {e.active ? t('settings.deactivate') : t('settings.activate')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  if (dictionaries.isError) return <QueryError error={dictionaries.error} onRetry={() => void dictionaries.refetch()} />;

  return (
    <>
      <FilterBar>
        <Select
          placeholder={t('settings.category')}
          value={category}
          onChange={setPicked}
          options={categories.map((c) => {
            const key = CATEGORY_LABELS[c];
            return { value: c, label: key ? `${t(key)} (${c})` : c };
          })}
          style={{ width: 300 }}
          loading={dictionaries.isPending}
          data-testid="dict-category"
        />
        {editable && category ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="dict-add">
            {t('settings.addEntry')}
          </Button>
        ) : null}
      </FilterBar>
      {!dictionaries.isPending && categories.length === 0 ? (
        <Empty description={t('settings.noEntries')} />
      ) : (
        <DataTable<DictionaryEntry>
          testId="dictionary-table"
          size="small"
          columns={columns}
          rows={entries}
          rowKey={(e) => `${e.category}:${e.code}`}
          loading={dictionaries.isPending}
          localPageSize={50}
          cardTitle={(e) => (lang === 'en' ? e.labelEn : e.labelZh)}
        />
      )}
      {dialog && category ? (
        <DictionaryForm category={category} entry={dialog.kind === 'edit' ? dialog.entry : undefined} onClose={() => setDialog(null)} />
      ) : null}
    </>
  );
}
