import { PhoneOutlined } from '@ant-design/icons';

/** A phone number a tap dials: on a phone, the point of listing a guardian's or a head's number. */
export function Tel({ phone }: { phone: string | null }) {
  if (!phone) return null;
  return (
    <a href={`tel:${phone.replace(/\s/g, '')}`} style={{ whiteSpace: 'nowrap' }}>
      <PhoneOutlined /> {phone}
    </a>
  );
}
