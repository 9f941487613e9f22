// `npm run server -- --db FILE|URL --listen HOST:PORT --tls-cert … --tls-key …`: the county server.
import { runWithRenderer } from './withRenderer.mjs';

runWithRenderer('electron/host/serverMain.ts');
