import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A side panel beside a list, for the row opened there. Opening a row moves focus to the panel's
 * heading, so keyboard and screen-reader users land on what they opened.
 */
export function Drawer({
  titleId,
  title,
  openId,
  onClose,
  children,
}: {
  titleId: string;
  title: string;
  /** The row shown; focus moves again when another one opens. */
  openId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [openId]);
  return (
    <aside className="drawer" aria-labelledby={titleId}>
      <div className="panel-header">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </aside>
  );
}
