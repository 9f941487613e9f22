// `npm run cli -- <command> [flags]`: the admin's command line over the same services as the UI.
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
});
