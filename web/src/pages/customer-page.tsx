export function CustomerPage() {
  return (
    <main id="main" className="page">
      <h1>CustomerPage</h1>
    </main>
  );
}
