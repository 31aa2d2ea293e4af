import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The module boundaries of src/: what each module may import (anything else in src/ is
 * refused). Dependencies point one way:
 *   chat -> inbox -> messages -> rooms -> auth -> users, messages -> uploads, and below
 *   them broadcast,
 *   database, config, common, contract.
 * `chat` may import anything, and only src/app.module.ts (and the composition files at the
 * root of src/) import chat. `database` gathers every module's entities and migrations, so
 * it is left free. A module not listed here (and not chat or database) is refused to
 * everyone until it is given its place in this table.
 */
const BOUNDARIES = {
  contract: [],
  common: ['contract'],
  config: ['common', 'contract'],
  broadcast: ['common', 'config', 'contract'],
  users: ['common', 'config', 'database', 'contract'],
  auth: ['users', 'broadcast', 'common', 'config', 'database', 'contract'],
  rooms: ['users', 'auth', 'broadcast', 'common', 'config', 'database', 'contract'],
  uploads: ['users', 'broadcast', 'common', 'config', 'database', 'contract'],
  messages: [
    'uploads',
    'rooms',
    'users',
    'auth',
    'broadcast',
    'common',
    'config',
    'database',
    'contract',
  ],
  inbox: [
    'messages',
    'uploads',
    'rooms',
    'users',
    'auth',
    'broadcast',
    'common',
    'config',
    'database',
    'contract',
  ],
  health: ['common', 'config', 'database'],
};
const FREE = ['chat', 'database'];
const KNOWN = [...Object.keys(BOUNDARIES), ...FREE];

/** Why one module may not import another, where there is more to say than the table. */
const REASONS = {
  chat: 'only src/app.module.ts imports chat/: the other modules publish to the Broadcaster, and chat delivers to the sockets',
  'users>auth':
    'users/ must not import auth/: auth builds on users (the caller and its decorators live in common/)',
  'rooms>messages':
    'rooms/ must not import messages/: rooms keeps identity, membership and access; what reads rooms and messages together (room list, unread counts) belongs in inbox/',
  'rooms>inbox': 'rooms/ must not import inbox/: the inbox reads rooms, not the other way',
  'messages>inbox':
    'messages/ must not import inbox/: messages owns the timeline, the inbox reads it',
};

const up = (depth) => `^(\\.\\./){${depth}}`;

/** The no-restricted-imports patterns of module `name`, for a file `depth` folders below src/. */
function modulePatterns(name, depth, spec) {
  if (name === 'contract') {
    return [
      {
        regex: up(depth),
        message:
          'contract/ imports nothing outside src/contract: the SPA and the bench import it as it is',
      },
      {
        regex: '^[^.]',
        message:
          'contract/ is shared with the SPA and the bench: pure types and constants, no packages',
      },
    ];
  }
  const allowed = BOUNDARIES[name];
  const table = `${name}/ may import only ${allowed.map((m) => `${m}/`).join(', ')} (the boundaries at the top of eslint.config.js)`;
  const forbidden = KNOWN.filter((other) => other !== name && !allowed.includes(other));
  return [
    ...forbidden.map((other) => ({
      regex: `${up(depth)}${other}(/|$)`,
      message: REASONS[`${name}>${other}`] ?? (other === 'chat' ? REASONS.chat : table),
    })),
    {
      // A folder of src/ that is no module of the table, or a file at the root of src/.
      regex: `${up(depth)}(?!(${KNOWN.join('|')})(/|$))[^./][^/]*(/|$)`,
      message: `${table}; the files at the root of src/ compose the app and nothing imports them`,
    },
    {
      regex: `${up(depth + 1)}${spec ? '(?!test/support/)' : ''}`,
      message: spec
        ? 'specs in src/ import from outside src/ only test/support/'
        : 'src/ imports nothing from outside src/',
    },
  ];
}

// Files up to six folders below a module (today: two); deeper ones would need more blocks.
const DEPTHS = [1, 2, 3, 4, 5, 6];
const under = (depth) => '*/'.repeat(depth - 1);

/** One config block per module, depth and kind of file (specs may use test/support). */
const boundaryBlocks = Object.keys(BOUNDARIES).flatMap((name) =>
  DEPTHS.flatMap((depth) =>
    [false, true].map((spec) => ({
      files: [`src/${name}/${under(depth)}*${spec ? '.spec' : ''}.ts`],
      ...(spec ? {} : { ignores: ['**/*.spec.ts'] }),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: modulePatterns(name, depth, spec).map((p) => ({ ...p, caseSensitive: true })),
          },
        ],
      },
    })),
  ),
);

/** The client imports from src/ only the contract (as @contract/…). */
const clientBlocks = DEPTHS.map((depth) => ({
  files: [`client/src/${under(depth)}*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `${up(depth + 1)}src/(?!contract/)`,
            caseSensitive: true,
            message:
              'the client imports from src/ only the contract, as @contract/… (the server is reached over HTTP and the socket)',
          },
        ],
      },
    ],
  },
}));

/** Modules that are free still may not import chat. */
const databaseBlocks = DEPTHS.map((depth) => ({
  files: [`src/database/${under(depth)}*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [{ regex: `${up(depth)}chat(/|$)`, caseSensitive: true, message: REASONS.chat }],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'client/dist/',
      'node_modules/',
      'data/',
      'bench/results/',
      'test-artifacts/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    // The two classic hook rules only (the plugin's recommended set adds the compiler's).
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...boundaryBlocks,
  ...databaseBlocks,
  ...clientBlocks,
);
