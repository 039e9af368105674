import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './build-output';

// Each layer rule of eslint.config.js, fed a file that breaks it: the rule must report it. The code
// is linted in memory under a path in the layer, so the check runs the real config and resolver.

const eslint = new ESLint({ cwd: repoRoot });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const ZONE = 'import-x/no-restricted-paths';
const MODULE = 'no-restricted-imports';

const broken: [rule: string, filePath: string, code: string, expected: string][] = [
  ['shared imports the core', 'src/shared/probe.ts', "import x from '../main/core/errors';", ZONE],
  ['shared imports the renderer', 'src/shared/ipc/probe.ts', "import x from '../../renderer/src/api';", ZONE],
  ['shared imports the server', 'src/shared/probe.ts', "import x from '../../server/src/index';", ZONE],
  ['shared imports Node', 'src/shared/probe.ts', "import x from 'node:fs';", MODULE],
  ['shared imports a bare Node built-in', 'src/shared/probe.ts', "import x from 'path';", MODULE],
  ['shared imports electron', 'src/shared/probe.ts', "import x from 'electron';", MODULE],
  ['shared touches the DOM', 'src/shared/probe.ts', 'const x = document.title;', 'no-restricted-globals'],
  ['core imports electron', 'src/main/core/probe.ts', "import x from 'electron';", MODULE],
  ['core imports an Electron adapter', 'src/main/core/probe.ts', "import x from '../electron/window';", ZONE],
  ['core imports the Electron entry', 'src/main/core/probe.ts', "import x from '../index';", ZONE],
  [
    'core imports the renderer',
    'src/main/core/cache/probe.ts',
    "import x from '../../../renderer/src/api';",
    ZONE,
  ],
  ['core imports the web host', 'src/main/core/probe.ts', "import x from '../../webhost/run';", ZONE],
  ['core imports the server', 'src/main/core/probe.ts', "import x from '../../../server/src/index';", ZONE],
  ['renderer imports the core', 'src/renderer/src/probe.ts', "import x from '../../main/core/index';", ZONE],
  [
    'renderer imports the web host',
    'src/renderer/src/lib/probe.tsx',
    "import x from '../../../webhost/run';",
    ZONE,
  ],
  ['renderer imports Node', 'src/renderer/src/probe.ts', "import x from 'node:path';", MODULE],
  ['renderer imports electron', 'src/renderer/src/probe.ts', "import x from 'electron';", MODULE],
  [
    'renderer test imports the Electron host',
    'src/renderer/src/probe.test.tsx',
    "import x from '../../main/index';",
    ZONE,
  ],
  [
    'web host imports the renderer',
    'src/webhost/probe.ts',
    "import x from '../renderer/src/bridge/web-bridge';",
    ZONE,
  ],
  [
    'web host imports an Electron adapter',
    'src/webhost/probe.ts',
    "import x from '../main/electron/window';",
    ZONE,
  ],
  ['preload imports the core', 'src/preload/probe.ts', "import x from '../main/core/index';", ZONE],
  [
    'Electron host imports the renderer',
    'src/main/electron/probe.ts',
    "import x from '../../renderer/src/api';",
    ZONE,
  ],
  [
    'Electron host imports the server',
    'src/main/electron/probe.ts',
    "import x from '../../../server/src/index';",
    ZONE,
  ],
  ['repository imports HTTP errors', 'server/src/repo/probe.ts', "import x from '../http/errors';", ZONE],
  ['repository imports a service', 'server/src/repo/probe.ts', "import x from '../services/videos';", ZONE],
  ['service imports HTTP errors', 'server/src/services/probe.ts', "import x from '../http/errors';", ZONE],
  [
    'service answers with an HTTP status',
    'server/src/services/probe.ts',
    'const x = { statusCode: 201, body: {} };',
    'no-restricted-syntax',
  ],
  ['server imports the core', 'server/src/probe.ts', "import x from '../../src/main/core/index';", ZONE],
  ['server imports electron', 'server/src/probe.ts', "import x from 'electron';", MODULE],
  [
    'an import that does not resolve',
    'src/main/core/probe.ts',
    "import x from './no-such-file';",
    'import-x/no-unresolved',
  ],
];

describe('import rules', () => {
  it.each(broken)('reports: %s', async (_rule, filePath, code, expected) => {
    expect(await ruleIds(filePath, code)).toContain(expected);
  });

  const allowed: [what: string, filePath: string, code: string][] = [
    ['renderer imports shared', 'src/renderer/src/probe.ts', "import x from '../../shared/ipc/contract';"],
    ['core imports shared', 'src/main/core/probe.ts', "import x from '../../shared/ipc/contract';"],
    [
      'web host imports the core and shared',
      'src/webhost/probe.ts',
      "import x from '../main/core/index';\nimport y from '../shared/bridge-protocol';\nexport const z = y;",
    ],
    ['server imports shared', 'server/src/repo/probe.ts', "import x from '../../../src/shared/api/schemas';"],
    ['repository imports domain errors', 'server/src/repo/probe.ts', "import x from '../domain/errors';"],
    [
      'core test starts the real server',
      'src/main/core/probe.test.ts',
      "import x from '../../../server/src/index';",
    ],
    [
      'renderer test runs the real core',
      'src/renderer/test/probe.ts',
      "import x from '../../main/core/index';",
    ],
  ];
  it.each(allowed)('allows: %s', async (_what, filePath, code) => {
    expect(await ruleIds(filePath, code)).toEqual([]);
  });
});
