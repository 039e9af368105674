import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, numberedName, pathInside, safeFileName, uniqueFileName } from './filenames';
import { sidecarName, writeSidecar } from './sidecar';

// eslint-disable-next-line no-control-regex -- the assertion is exactly that no control character remains
const WINDOWS_ILLEGAL = /[<>:"/\\|?*\u0000-\u001f]/;

function assertPortable(name: string): void {
  expect(name.length).toBeGreaterThan(0);
  expect(name).not.toMatch(WINDOWS_ILLEGAL);
  expect(name).not.toMatch(/[. ]$/);
  expect(name).not.toMatch(/^[. ]/);
  expect(name).not.toBe('.');
  expect(name).not.toBe('..');
  expect(Buffer.byteLength(name, 'utf8') + ' (9999).part'.length).toBeLessThanOrEqual(MAX_NAME_BYTES);
  expect(name.normalize('NFC')).toBe(name);
  const stem = name.split('.')[0] ?? '';
  expect(stem).not.toMatch(/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i);
}

describe('safeFileName', () => {
  const nasty: [string, string][] = [
    ['Rain on glass', 'Rain on glass.mp4'],
    ['a/b\\c', 'a_b_c.mp4'],
    ['../../etc/passwd', '_.._etc_passwd.mp4'],
    ['..', 'video.mp4'],
    ['.', 'video.mp4'],
    ['...hidden', 'hidden.mp4'],
    ['', 'video.mp4'],
    ['   ', 'video.mp4'],
    ['CON', 'CON_.mp4'],
    ['con', 'con_.mp4'],
    ['nul', 'nul_.mp4'],
    ['COM1', 'COM1_.mp4'],
    ['lpt9', 'lpt9_.mp4'],
    ['COM¹', 'COM¹_.mp4'],
    ['aux.tar', 'aux_.tar.mp4'],
    ['CONSOLE', 'CONSOLE.mp4'],
    ['What? <Really> "yes" | no*', 'What_ _Really_ _yes_ _ no_.mp4'],
    ['trailing dots...', 'trailing dots.mp4'],
    ['trailing space   ', 'trailing space.mp4'],
    ['tab\tand\nnewline', 'tab and newline.mp4'],
    ['null\u0000byte', 'null_byte.mp4'],
    ['bell\u0007', 'bell_.mp4'],
    ['C1\u0085control', 'C1_control.mp4'],
    ['evil\u202Egnp.exe', 'evilgnp.exe.mp4'],
    ['zero\u200Bwidth', 'zerowidth.mp4'],
    ['Cafe\u0301', 'Café.mp4'],
    ['lone \ud800 surrogate', 'lone surrogate.mp4'],
    ['emoji 🌧️ rain 👩‍👩‍👧', 'emoji 🌧️ rain 👩‍👩‍👧.mp4'],
    ['日本語のタイトル', '日本語のタイトル.mp4'],
    ['C:\\Windows\\system32', 'C_Windows_system32.mp4'],
    ['//server/share', '_server_share.mp4'],
  ];
  it.each(nasty)('%j → %j', (title, expected) => {
    const name = safeFileName(title, '.mp4');
    expect(name).toBe(expected);
    assertPortable(name);
  });

  it('cuts long titles to the byte limit on a grapheme boundary', () => {
    for (const unit of ['a', 'é', '日', '🌧️', '👩‍👩‍👧', 'e\u0301']) {
      const name = safeFileName(unit.repeat(400), '.mp4');
      assertPortable(name);
      expect(name.endsWith('.mp4')).toBe(true);
      const stem = name.slice(0, -4);
      // Whole graphemes only: the stem is the unit repeated (after NFC).
      expect(stem.replaceAll(unit.normalize('NFC'), '')).toBe('');
    }
  });

  it('sanitises the extension too', () => {
    expect(safeFileName('x', '.m/p4')).toBe('x.m_p4');
    expect(safeFileName('x', '')).toBe('x');
  });
});

describe('unique names and the folder boundary', () => {
  it('numbers collisions before the extension', async () => {
    const taken = new Set(['a.mp4', 'a (2).mp4']);
    expect(await uniqueFileName('a.mp4', (n) => taken.has(n))).toBe('a (3).mp4');
    expect(numberedName('noext', 4)).toBe('noext (4)');
    expect(numberedName('.mp4', 2)).toBe('.mp4 (2)');
  });

  it('never lets a name leave the folder', () => {
    const folder = join(tmpdir(), 'dl');
    expect(pathInside(folder, 'a.mp4')).toBe(join(folder, 'a.mp4'));
    for (const bad of ['../a.mp4', '..', '.', 'a/b.mp4', '/etc/passwd', '']) {
      expect(() => pathInside(folder, bad)).toThrow(/leave the download folder/);
    }
  });

  it('keeps every generated name inside the folder', () => {
    const folder = join(tmpdir(), 'dl');
    for (const title of ['../../x', '/abs', '..', 'a\\..\\..\\b', '~/x']) {
      expect(() => pathInside(folder, safeFileName(title, '.mp4'))).not.toThrow();
    }
  });
});

describe('sidecar', () => {
  it('writes the prompt, settings and tags next to the video', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sidecar-'));
    try {
      expect(sidecarName('Rain (2).mp4')).toBe('Rain (2).json');
      const path = await writeSidecar(dir, 'Rain.mp4', {
        id: 7,
        title: 'Rain',
        prompt: 'soft rain on a window',
        tags: ['Rain', 'Glass'],
        settings: { duration: 30 },
        quality: 'hd',
        sha256: 'f'.repeat(64),
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      expect(path).toBe(join(dir, 'Rain.json'));
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      expect(parsed).toMatchObject({
        prompt: 'soft rain on a window',
        tags: ['Rain', 'Glass'],
        settings: { duration: 30 },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
