import { useId } from 'react';

/** A required CSV file input; `onChange` gets the chosen file (null when the choice is cleared). */
export function CsvFileField({
  label,
  name,
  onChange,
}: {
  label: string;
  name: string;
  onChange: (file: File | null) => void;
}) {
  const fileId = useId();
  return (
    <div className="field">
      <label htmlFor={fileId}>{label}</label>
      <input
        id={fileId}
        name={name}
        type="file"
        accept=".csv,text/csv"
        required
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
      />
    </div>
  );
}

/** The file's text, or why it could not be read (the browser lost access to it, say). */
export async function readFileText(
  file: File,
): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    return { ok: true, text: await file.text() };
  } catch {
    return { ok: false, message: `${file.name} could not be read.` };
  }
}
