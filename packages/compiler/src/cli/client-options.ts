/** The connection options `upload` and `run` share, and the client they configure. */
import { Option, type Command } from 'commander';
import { KfpClient } from '../client/kfp-client.js';

export interface ConnectionFlags {
  host: string;
  token?: string;
  namespace?: string;
  requestTimeout: string;
  retries: string;
}

/** `hostRequired: false` leaves the check of --host to the command (`run --local` needs none). */
export function addConnectionOptions(command: Command, { hostRequired = true } = {}): Command {
  const hostHelp = 'the KFP API endpoint, e.g. http://localhost:8888';
  return (hostRequired ? command.requiredOption('--host <url>', hostHelp) : command.option('--host <url>', hostHelp))
    .option('--namespace <ns>', 'the Kubeflow namespace (profile) to work in (multi-user installations)')
    .addOption(new Option('--token <token>', 'bearer token for the API (default: $KFP_TOKEN)').env('KFP_TOKEN'))
    .option('--request-timeout <seconds>', 'time-out of one API request', '30')
    .option('--retries <n>', 'retries of an API request on HTTP 429/5xx or a connection error', '4');
}

export function clientFrom(flags: ConnectionFlags): KfpClient {
  return new KfpClient({
    host: flags.host,
    token: flags.token,
    namespace: flags.namespace,
    requestTimeoutMs: positiveNumber(flags.requestTimeout, '--request-timeout') * 1000,
    retry: { attempts: 1 + Math.floor(nonNegative(flags.retries, '--retries')) },
  });
}

export function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, not '${text}'`);
  return n;
}

function nonNegative(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a number of 0 or more, not '${text}'`);
  return n;
}
