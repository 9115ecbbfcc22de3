import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compareDocuments } from './compare.js';
import { corpusCases } from './corpus.js';
import { Golden } from './golden.js';
import { decodeEmbeddedArchive, embeddedArchives } from './embedded-archive.js';

const golden = new Golden(corpusCases().find((c) => c.id === 'essential/embedded_artifact')!.goldenPath);
const program = (label: string) => {
  const command = golden.container(label).command!;
  return command[command.length - 1];
};
const dirProgram = program('exec-read-embedded-artifact-dir');
const archive = embeddedArchives(dirProgram)[0];
const replaceArchive = (text: string, base64: string) => text.replace(archive, base64);

/** Rewrites the tar inside the archive and gzips it again (with another gzip timestamp). */
function rewriteTar(edit: (tar: Buffer) => void): string {
  const tar = Buffer.from(gunzipSync(Buffer.from(archive, 'base64')));
  edit(tar);
  return gzipSync(tar).toString('base64');
}

describe('embedded archives', () => {
  it('decodes a directory archive to its entries', () => {
    expect(decodeEmbeddedArchive(archive)).toEqual([
      { name: '.', kind: 'directory', content: '' },
      { name: 'log.txt', kind: 'file', content: Buffer.from('Hello, world!').toString('base64') },
    ]);
  });

  it('ignores gzip and tar timestamps', () => {
    const retimed = rewriteTar((tar) => {
      // The ustar mtime field of every header block (octal digits): change one digit.
      for (let at = 0; at < tar.length; at += 512) {
        if (tar.subarray(at + 257, at + 262).toString('latin1') === 'ustar') tar[at + 136] = '1'.charCodeAt(0);
      }
    });
    expect(retimed).not.toBe(archive);
    expect(compareDocuments([{ p: dirProgram }], [{ p: replaceArchive(dirProgram, retimed) }])).toEqual([]);
  });

  it('reports a changed file content', () => {
    const changed = rewriteTar((tar) => {
      const at = tar.indexOf('Hello, world!');
      tar[at] = 'J'.charCodeAt(0);
    });
    const diffs = compareDocuments([{ p: dirProgram }], [{ p: replaceArchive(dirProgram, changed) }]);
    expect(diffs.map((d) => d.path)).toEqual(['p (embedded archive 1)[1].content']);
  });

  it('reports a change in the code around the archive', () => {
    const diffs = compareDocuments([{ p: dirProgram }], [{ p: dirProgram.replace('def read_embedded', 'def read_other') }]);
    expect(diffs.map((d) => d.path)).toEqual(['p']);
  });
});
