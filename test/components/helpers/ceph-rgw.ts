/**
 * A throwaway Ceph object gateway on 127.0.0.1 for S3 tests: one monitor, one OSD whose object store lives in
 * memory (memstore), no manager, no authentication inside the cluster, and radosgw with an S3 user. Needs
 * Debian's packages `ceph-mon`, `ceph-osd` and `radosgw`; starts in about half a minute.
 *
 * Every daemon runs in the foreground as a child of the test process and is stopped by its pid.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BINARIES = ['/usr/bin/ceph-mon', '/usr/bin/ceph-osd', '/usr/bin/radosgw', '/usr/bin/radosgw-admin', '/usr/bin/monmaptool', '/usr/bin/ceph'];

/** True when the Ceph binaries are installed. */
export function cephInstalled(): boolean {
  return BINARIES.every((binary) => existsSync(binary));
}

/** A running gateway. */
export interface CephGateway {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** Starts mon, OSD and radosgw in a fresh temporary directory; rejects (after cleaning up) when one fails. */
export async function startCephGateway(): Promise<CephGateway> {
  // A daemon occasionally fails to come up on a busy machine; a fresh cluster in a new folder is then
  // tried, a bounded number of times, and the last failure is reported with its daemon's log.
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

async function startOnce(): Promise<CephGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'kfp-ts-ceph-'));
  const children: ChildProcess[] = [];
  // If the test process exits without calling stop(), the daemons must not outlive it.
  const killAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
  process.once('exit', killAll);
  const stop = async () => {
    process.removeListener('exit', killAll);
    for (const child of [...children].reverse()) await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [monPort, rgwPort] = [await freePort(), await freePort()];
    const conf = join(dir, 'ceph.conf');
    const fsid = randomUUID();
    for (const sub of ['run', 'log', 'mon.a', 'osd.0', 'rgw']) await mkdir(join(dir, sub));
    await writeFile(conf, cephConf(dir, fsid, monPort, rgwPort));
    const ceph = (args: string[], timeout = 60_000) => run(args[0], [...args.slice(1), '-c', conf], { timeout });

    await ceph(['monmaptool', '--create', '--add', 'a', `v1:127.0.0.1:${monPort}`, '--fsid', fsid, join(dir, 'monmap')]);
    await ceph(['ceph-mon', '--mkfs', '-i', 'a', '--monmap', join(dir, 'monmap')]);
    children.push(daemon(['ceph-mon', '-f', '-i', 'a', '-c', conf]));
    await ceph(['ceph', '--connect-timeout', '30', 'osd', 'create']);
    await ceph(['ceph-osd', '--mkfs', '-i', '0']);
    children.push(daemon(['ceph-osd', '-f', '-i', '0', '-c', conf]));
    children.push(daemon(['radosgw', '-f', '-n', 'client.rgw.test', '-c', conf]));
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitUntil(async () => (await fetch(endpoint, { signal: AbortSignal.timeout(2_000) })).ok, 120_000, () => children);
    const accessKeyId = 'KFPTSTESTACCESS';
    const secretAccessKey = 'kfp-ts-test-secret';
    await ceph(['radosgw-admin', 'user', 'create', '--uid=kfp-ts', '--display-name=kfp-ts', `--access-key=${accessKeyId}`, `--secret-key=${secretAccessKey}`]);
    return { endpoint, accessKeyId, secretAccessKey, stop };
  } catch (error) {
    const logs = await daemonLogTails(dir);
    await stop();
    if (logs && error instanceof Error) error.message += `\n${logs}`;
    throw error;
  }
}

/** The last lines of each daemon's log, to say why a start failed. */
async function daemonLogTails(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const name of ['mon.a', 'osd.0', 'client.rgw.test']) {
    const text = await readFile(join(dir, 'log', `${name}.log`), 'utf8').catch(() => '');
    if (text) parts.push(`--- ${name}.log ---\n${text.trimEnd().split('\n').slice(-15).join('\n')}`);
  }
  return parts.join('\n');
}

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = v1:127.0.0.1:${monPort}
public addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 0
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 268435456
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
pid file = ${dir}/run/$name.pid
[mon.a]
mon data = ${dir}/mon.a
[osd.0]
osd data = ${dir}/osd.0
[client.rgw.test]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
`;
}

function daemon(args: string[]): ChildProcess {
  const child = spawn(args[0], args.slice(1), { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, children: () => ChildProcess[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children().find((c) => c.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited with code ${dead.exitCode}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the Ceph gateway did not answer within ${timeoutMs} ms`);
}
