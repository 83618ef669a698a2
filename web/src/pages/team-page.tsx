export function TeamPage() {
  return (
    <main id="main" className="page">
      <h1>TeamPage</h1>
    </main>
  );
}
