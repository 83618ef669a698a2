export function ExecutivePage() {
  return (
    <main id="main" className="page">
      <h1>ExecutivePage</h1>
    </main>
  );
}
