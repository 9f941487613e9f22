import { Link } from 'react-router-dom';
import { useVoucherIdBySerial } from './api';

/** A serial that opens its voucher once the id behind it is known. */
export function SerialLink({ serial }: { serial: string }) {
  const id = useVoucherIdBySerial(serial);
  return id.data ? <Link to={`/vouchers/${id.data}`}>{serial}</Link> : <span>{serial}</span>;
}
