import { Skeleton } from 'antd';
import { QueryError } from '../../components/QueryError';
import { ChainCard } from './ChainCard';
import { useStudentChain } from './chiefs.api';

/** The responsibility chain of a registry student, loaded on its own so the drawer opens at once. */
export function StudentChain({ studentId }: { studentId: number }) {
  const chain = useStudentChain(studentId);
  if (chain.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (chain.isError) return <QueryError error={chain.error} onRetry={() => void chain.refetch()} />;
  return <ChainCard chain={chain.data} />;
}
