// Vite's `?url` imports (the app's own copy of a file, e.g. the QR decoder's .wasm).
declare module '*?url' {
  const url: string;
  export default url;
}
