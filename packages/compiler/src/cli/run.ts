/** Entry point of the `kfp-ts` binary. */
import { afterStdoutFlushed, reportFailure } from './json-output.js';
import { main } from './main.js';

/** Errors the user's module raises later (a stray timer or promise) get the same one-line treatment. */
function failLater(e: unknown): void {
  reportFailure(e);
  afterStdoutFlushed(() => process.exit(1));
}
process.on('uncaughtException', failLater);
process.on('unhandledRejection', failLater);
// A reader that goes away early (`kfp-ts compile p.ts | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));

const code = await main(process.argv);
// Exit once standard output is flushed, even if the user's module left timers or sockets open.
afterStdoutFlushed(() => process.exit(code));
