/** An invoice the caller may see: tenancy as everywhere in the partner API (another reseller's invoice is 404, as an unknown one). */
import type { Invoice } from '../domain/types.js';
import type { LoadedAccount, ReadModel } from '../adapters/read-model.js';
import { notFound } from './http.js';

export async function ownedInvoice(read: Pick<ReadModel, 'invoice'>, caller: { readonly resellerId: string }, invoiceId: string): Promise<{ account: LoadedAccount; invoice: Invoice }> {
  const found = await read.invoice(invoiceId);
  if (!found || found.account.resellerId !== caller.resellerId || found.account.state.customer.resellerId !== caller.resellerId) throw notFound('invoice', invoiceId);
  return found;
}
