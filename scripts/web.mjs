// `npm run web [-- --db FILE|URL --port N]`: the UI in a browser, served on 127.0.0.1 only.
import { runWithRenderer } from './withRenderer.mjs';

runWithRenderer('electron/host/main.ts');
