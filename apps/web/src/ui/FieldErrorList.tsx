/** A field's validation messages; the field names the list as its description (aria-describedby). */
export function FieldErrorList({
  id,
  errors,
}: {
  id: string;
  errors: readonly string[] | undefined;
}) {
  if (errors === undefined || errors.length === 0) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
