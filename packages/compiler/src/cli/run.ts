/** Entry point of the `kfp-ts` binary. */
import { main } from './main.js';

main(process.argv).then((code) => process.exit(code));
