import { validation } from './hubspot-error';

/** The portal's currencies: the company currency and the others it was given, with their rate to it. */
export interface PortalCurrencies {
  portalId: number;
  companyCurrency: string;
  /** Currency code → how many company-currency units one unit is worth (HubSpot's `conversionRate`). */
  exchangeRates: ReadonlyMap<string, number>;
}

/** Deal money properties HubSpot calculates. */
export const CALCULATED_MONEY_PROPERTIES = ['amount_in_home_currency'];

/**
 * What HubSpot does to a deal's money and close date on a write:
 * - `deal_currency_code` must be one of the portal's currencies (400 `INVALID_OPTION` otherwise, HubSpot's
 *   changelog "Enforcing Deal Currency Code Validation", 2023: https://developers.hubspot.com/changelog/deal-currenct-code-validation);
 *   a deal created without one is in the company currency (the company currency is "the default currency for new
 *   deals": https://developers.hubspot.com/docs/api-reference/latest/account/settings/multicurrency/get-company-currency).
 * - `amount_in_home_currency` ("Amount in company currency") is `amount` × the deal currency's rate, read-only.
 * - Unverified, modelled on the CRM's behaviour: a deal entering a closed stage without a `closedate` gets one (now).
 */
export function withDealMoney(c: PortalCurrencies, current: Readonly<Record<string, string>>, incoming: Record<string, string | null>, at: number, creating: boolean): Record<string, string | null> {
  const refused = CALCULATED_MONEY_PROPERTIES.filter((name) => name in incoming);
  if (refused.length > 0) throw validation(`Property values were not valid: ${refused.join(', ')} is a calculated property and cannot be set`, { errors: refused.map((name) => ({ message: `${name} is read-only`, code: 'READ_ONLY_VALUE', context: { propertyName: [name] } })) });
  const out = { ...incoming };
  const code = incoming.deal_currency_code;
  if (code && code !== c.companyCurrency && !c.exchangeRates.has(code)) {
    throw validation(`Property values were not valid: [{"isValid":false,"message":"\\"${code}\\" is not a part of the current effective currency codes for portal ${c.portalId}","error":"INVALID_OPTION","name":"deal_currency_code"}]`, { errors: [{ message: `"${code}" is not a part of the current effective currency codes for portal ${c.portalId}`, code: 'INVALID_OPTION', context: { propertyName: ['deal_currency_code'] } }] });
  }
  if (creating && !code) out.deal_currency_code = c.companyCurrency;
  if ('amount' in incoming || 'deal_currency_code' in incoming || creating) {
    const currency = out.deal_currency_code ?? current.deal_currency_code ?? c.companyCurrency;
    const amount = 'amount' in incoming ? incoming.amount : current.amount;
    const rate = currency === c.companyCurrency ? 1 : c.exchangeRates.get(currency)!;
    const n = amount === null || amount === undefined || amount === '' ? NaN : Number(amount);
    out.amount_in_home_currency = Number.isFinite(n) ? String(Math.round(n * rate * 100) / 100) : null;
    if (creating && out.amount_in_home_currency === null) delete out.amount_in_home_currency;
  }
  if (out.hs_is_closed === 'true' && current.hs_is_closed !== 'true' && !('closedate' in incoming) && !current.closedate) out.closedate = new Date(at).toISOString();
  return out;
}
