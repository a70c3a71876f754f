import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { useInboxCount } from './inbox.api';

/** The header's bell: the number of open inbox items, polled every minute. */
export function InboxBadge() {
  const { t } = useI18n();
  const count = useInboxCount();
  const open = count.data?.open ?? 0;
  return (
    <Tooltip title={t('inbox.badge', { n: open })}>
      <Link to="/inbox" data-testid="header-inbox" aria-label={t('inbox.badge', { n: open })}>
        <Badge
          count={open}
          size="small"
          overflowCount={99}
          data-testid="header-inbox-count"
          data-count={open}
        >
          <Button type="text" icon={<BellOutlined style={{ fontSize: 18 }} />} tabIndex={-1} />
        </Badge>
      </Link>
    </Tooltip>
  );
}
