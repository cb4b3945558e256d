// Placeholder shell of the interface until the desktop screens land.
export function App() {
  return <main><h1>Keyward</h1></main>;
}
