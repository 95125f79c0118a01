/** Text for an HTML page leadloop writes itself (the sign-in and install pages): every character HTML could read as markup, as a numeric entity. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
