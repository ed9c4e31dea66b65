import { useId, useState } from 'react';

/** A read-only value (a link, a secret) with a Copy button, for values shown only once. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const inputId = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = () => {
    navigator.clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <div className="copy-row">
        <input
          id={inputId}
          className="mono"
          type="text"
          readOnly
          value={value}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy
        </button>
      </div>
      {copied === 'yes' && <p className="field-hint">Copied to the clipboard.</p>}
      {copied === 'failed' && (
        <p className="field-hint">Copying is not allowed here: select the text and copy it.</p>
      )}
    </div>
  );
}
