import type { ReactNode } from 'react';
import { PhoneOutlined } from '@ant-design/icons';

/**
 * A phone number a tap dials: on a phone, the point of listing a guardian's or a head's number.
 * The tap dials and no more: on a card or row that opens a page, it does not open it too.
 */
export function Tel({ phone }: { phone: string | null }) {
  if (!phone) return null;
  return (
    <a
      href={`tel:${phone.replace(/\s/g, '')}`}
      style={{ whiteSpace: 'nowrap' }}
      onClick={(e) => e.stopPropagation()}
      data-testid="tel"
    >
      <PhoneOutlined /> {phone}
    </a>
  );
}

/**
 * A guardian as a list or a child's page shows them: the name, the relation in brackets and
 * the number to tap. '' when none is known, so a phone card leaves the field out.
 */
export function guardianContact(
  name: string | null,
  phone: string | null,
  relation?: string | null,
): ReactNode {
  const who = [name, relation ? `(${relation})` : null].filter(Boolean).join(' ');
  if (!who && !phone) return '';
  return (
    <span>
      {who}
      {who && phone ? ' ' : null}
      <Tel phone={phone} />
    </span>
  );
}
