export function MyActivityPage() {
  return (
    <main id="main" className="page">
      <h1>MyActivityPage</h1>
    </main>
  );
}
