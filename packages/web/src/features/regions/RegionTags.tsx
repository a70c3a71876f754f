import { Link } from 'react-router';
import { Space, Tag } from 'antd';
import { useCanOpenRegion } from '../../api/session';

/**
 * Places as tags: each a link to its page where the user may open it, else its name alone (a
 * link would lead a principal or a village official to 找不到该记录).
 */
export function RegionTags({
  regions,
  testId,
}: {
  regions: readonly { code: string; name: string }[];
  testId: string;
}) {
  const canOpenRegion = useCanOpenRegion();
  return (
    <Space wrap size={[4, 8]} data-testid={testId}>
      {regions.map((r) =>
        canOpenRegion(r.code) ? (
          <Link key={r.code} to={`/regions/${r.code}`}>
            <Tag>{r.name}</Tag>
          </Link>
        ) : (
          <Tag key={r.code}>{r.name}</Tag>
        ),
      )}
    </Space>
  );
}
