/** The Klerno word mark; the logo is decorative, the name is the accessible text. */
export function Brand() {
  return (
    <div className="brand">
      <img className="brand-logo" src="/favicon.svg" alt="" width={28} height={28} />
      <span className="brand-name">Klerno</span>
    </div>
  );
}
