import type { MouseEvent, ReactNode } from 'react';
import { navigateTo } from '../shell/navigation.js';

/** A link inside the console: followed without a page load, opened normally with a modifier. */
export function NavLink({
  href,
  label,
  className = 'text-link',
  children,
}: {
  href: string;
  /** Accessible name when the visible text is not enough on its own. */
  label?: string | undefined;
  className?: string | undefined;
  children: ReactNode;
}) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigateTo(href);
  };
  return (
    <a href={href} className={className} aria-label={label} onClick={follow}>
      {children}
    </a>
  );
}
