import { useState } from 'react';
import { Drawer, Flex, Tag, Typography } from 'antd';
import { ROSTER_REMOVAL_LABELS, type RosterRemovalRow } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { DataTable, type Column } from '../../components/DataTable';
import { QueryError } from '../../components/QueryError';
import { useIsMobile } from '../../components/useIsMobile';
import { formatTime } from '../reconciliation/parts';
import { useRemovals, type Area } from './rosters.api';

const PAGE_SIZE = 20;

/**
 * 注销记录: the school year's children taken off the rosters of the area for a move or a
 * death. Later imports of the year leave them out, so the town and the county look here for
 * who left the roster, why and on whose word.
 */
export function RemovalsDrawer({ area, schoolYear, onClose }: { area: Area; schoolYear: number; onClose: () => void }) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const removals = useRemovals({ ...area, schoolYear, page, pageSize: PAGE_SIZE });

  const columns: Column<RosterRemovalRow>[] = [
    { key: 'name', title: t('monitoring.name'), render: (r) => r.name, hideOnCard: true },
    { key: 'id', title: t('monitoring.idNumber'), render: (r) => <span style={{ fontFamily: 'monospace' }}>{r.idNumberMasked}</span> },
    { key: 'village', title: t('monitoring.village'), render: (r) => [r.townName, r.villageName ?? r.villageCode].filter(Boolean).join(' ') },
    { key: 'reason', title: t('child.removeReason'), render: (r) => <ReasonTag reason={r.reason} />, hideOnCard: true },
    { key: 'note', title: t('child.removeNote'), render: (r) => r.note },
    { key: 'by', title: t('removals.by'), render: (r) => r.removedBy ?? '—' },
    { key: 'at', title: t('removals.at'), render: (r) => formatTime(r.removedAt) },
  ];

  return (
    <Drawer open onClose={onClose} title={t('removals.title', { year: t('monitoring.schoolYearValue', { year: schoolYear, next: schoolYear + 1 }) })} size={isMobile ? '100%' : 800} destroyOnHidden data-testid="removals-drawer">
      <Typography.Paragraph type="secondary">{t('removals.hint')}</Typography.Paragraph>
      {removals.isError ? <QueryError error={removals.error} onRetry={() => void removals.refetch()} /> : null}
      <DataTable<RosterRemovalRow>
        testId="removals"
        size="small"
        columns={columns}
        rows={removals.data?.items}
        rowKey={(r) => `${r.villageCode}-${r.idNumberMasked}-${r.removedAt}`}
        loading={removals.isFetching}
        cardTitle={(r) => (
          <Flex gap={8} align="center" wrap>
            {r.name} <ReasonTag reason={r.reason} />
          </Flex>
        )}
        paging={removals.data ? { page, pageSize: PAGE_SIZE, total: removals.data.total, onChange: (p) => setPage(p) } : undefined}
      />
    </Drawer>
  );
}

function ReasonTag({ reason }: { reason: RosterRemovalRow['reason'] }) {
  const { enumLabel } = useI18n();
  return <Tag color={reason === 'death' ? 'default' : 'blue'}>{enumLabel(ROSTER_REMOVAL_LABELS, reason)}</Tag>;
}
