/**
 * HubSpot fills `recent_conversion_event_name` with "<page title>: <form name>" (`Pricing | Northwind: Demo
 * request`), not the bare form name; page titles and form names may both hold ": " themselves. A conversion is of a
 * form when its name is the form's name, or ends with ": " and the form's name. Case and outer spaces aside.
 * https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
 */
export function conversionIsOfForm(conversionName: string, formName: string): boolean {
  const conversion = conversionName.trim().toLowerCase();
  const form = formName.trim().toLowerCase();
  return form !== '' && (conversion === form || conversion.endsWith(`: ${form}`));
}

/** The form a conversion names, among the portal's forms: the longest name that fits (names can end alike). */
export function formOfConversion<F extends { name: string }>(conversionName: string, forms: readonly F[]): F | undefined {
  let best: F | undefined;
  for (const form of forms) if (conversionIsOfForm(conversionName, form.name) && form.name.trim().length > (best?.name.trim().length ?? -1)) best = form;
  return best;
}
