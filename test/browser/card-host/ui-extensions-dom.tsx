/**
 * The @hubspot/ui-extensions components the card uses, drawn as plain DOM for the sandbox's record page. HubSpot
 * draws the real ones in its own frame; this stand-in keeps their props and meaning (variants, titles, labels),
 * so what the card decides to show is what the browser shows. Bundled in place of the package (esbuild alias).
 */
import type { CSSProperties, ReactNode } from 'react';

type Children = { children?: ReactNode };
const tones: Record<string, { bg: string; fg: string; border: string }> = {
  default: { bg: '#eaf0f6', fg: '#33475b', border: '#cbd6e2' },
  info: { bg: '#e5f5f8', fg: '#0091ae', border: '#7fd1de' },
  warning: { bg: '#fef8f0', fg: '#b36b00', border: '#fcc97d' },
  error: { bg: '#fde8e9', fg: '#d94c53', border: '#f2545b' },
  danger: { bg: '#fde8e9', fg: '#d94c53', border: '#f2545b' },
  success: { bg: '#e5f8f6', fg: '#00a38d', border: '#7fded2' },
};
const tone = (variant: string | undefined) => tones[variant ?? 'default'] ?? tones.default!;

export const Text = ({ children, variant, format }: Children & { variant?: string; format?: { fontWeight?: string } }) => (
  <p data-hs="Text" style={{ margin: '2px 0', fontSize: variant === 'microcopy' ? 12 : 14, color: variant === 'microcopy' ? '#516f90' : undefined, fontWeight: format?.fontWeight === 'bold' ? 700 : format?.fontWeight === 'demibold' ? 600 : 400 }}>
    {children}
  </p>
);
export const Heading = ({ children }: Children) => <h3 data-hs="Heading" style={{ margin: '8px 0 2px', fontSize: 15 }}>{children}</h3>;
export const Divider = () => <hr data-hs="Divider" style={{ border: 0, borderTop: '1px solid #dfe3eb', margin: '8px 0', width: '100%' }} />;
export const Flex = ({ children, direction = 'row', gap, align }: Children & { direction?: string; gap?: string; align?: string }) => (
  <div data-hs="Flex" style={{ display: 'flex', flexDirection: direction as CSSProperties['flexDirection'], gap: gap === 'extra-small' ? 4 : 8, alignItems: align ?? (direction === 'row' ? 'center' : 'stretch') }}>{children}</div>
);
export const List = ({ children }: Children) => <ul data-hs="List" style={{ margin: 0, paddingLeft: 18 }}>{[children].flat().map((c, i) => <li key={i}>{c}</li>)}</ul>;
export const Tag = ({ children, variant }: Children & { variant?: string }) => {
  const t = tone(variant);
  return <span data-hs="Tag" data-variant={variant} style={{ background: t.bg, color: t.fg, border: `1px solid ${t.border}`, borderRadius: 3, padding: '2px 8px', fontSize: 12, fontWeight: 600, whiteSpace: 'nowrap' }}>{children}</span>;
};
export const Alert = ({ children, title, variant }: Children & { title: string; variant?: string }) => {
  const t = tone(variant);
  return (
    <div data-hs="Alert" data-variant={variant} role="alert" style={{ background: t.bg, borderLeft: `4px solid ${t.border}`, padding: '10px 14px' }}>
      <strong>{title}</strong>
      <div>{children}</div>
    </div>
  );
};
export const Button = ({ children, onClick, variant = 'secondary', disabled }: Children & { onClick?: () => void; variant?: string; disabled?: boolean }) => (
  <button data-hs="Button" data-variant={variant} disabled={disabled} onClick={() => onClick?.()} style={{ background: variant === 'primary' ? '#ff7a59' : '#fff', color: variant === 'primary' ? '#fff' : '#ff7a59', border: '1px solid #ff7a59', borderRadius: 3, padding: '6px 14px', fontWeight: 600, cursor: 'pointer' }}>
    {children}
  </button>
);
// HubSpot's Link takes href as a string or { url, external }; a link out of the record opens in a new tab.
export const Link = ({ children, href }: Children & { href: string | { url: string; external?: boolean } }) => {
  const url = typeof href === 'string' ? href : href.url;
  return <a data-hs="Link" href={url} target="_blank" rel="noopener noreferrer" style={{ color: '#0b6bcb' }}>{children}</a>;
};
export const ButtonRow = ({ children }: Children) => <div data-hs="ButtonRow" style={{ display: 'flex', gap: 8, marginTop: 8 }}>{children}</div>;
export const Statistics = ({ children }: Children) => <div data-hs="Statistics" style={{ display: 'flex', gap: 32 }}>{children}</div>;
export const StatisticsItem = ({ label, number }: { label: string; number: string | number }) => (
  <div data-hs="StatisticsItem">
    <div style={{ fontSize: 12, textTransform: 'uppercase', color: '#516f90' }}>{label}</div>
    <div style={{ fontSize: 28, fontWeight: 300 }}>{number}</div>
  </div>
);
export const LoadingSpinner = ({ label }: { label?: string }) => <p data-hs="LoadingSpinner">{label ?? 'Loading…'}</p>;
export const EmptyState = ({ children, title }: Children & { title: string; layout?: string }) => (
  <div data-hs="EmptyState" style={{ textAlign: 'center', padding: 16 }}>
    <h3 style={{ margin: '0 0 8px' }}>{title}</h3>
    {children}
  </div>
);
