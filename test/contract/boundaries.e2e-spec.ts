import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RULE = 'no-restricted-imports';

/** The boundary messages ESLint reports for one import in a file that does not exist. */
async function boundaryErrors(eslint: ESLint, filePath: string, from: string): Promise<string[]> {
  const code = `import { thing } from '${from}';\n\nexport const used = thing;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('module boundaries (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: root });

  it.each([
    ['src/rooms/x.ts', '../messages/message.entity.js', 'rooms/ must not import messages/'],
    [
      'src/rooms/dto/x.ts',
      '../../messages/messages.service.js',
      'rooms/ must not import messages/',
    ],
    ['src/rooms/x.ts', '../inbox/inbox.service.js', 'rooms/ must not import inbox/'],
    ['src/users/x.ts', '../auth/auth.service.js', 'users/ must not import auth/'],
    ['src/messages/x.ts', '../inbox/inbox.service.js', 'messages/ must not import inbox/'],
    ['src/messages/x.ts', '../chat/chat.gateway.js', 'only src/app.module.ts imports chat/'],
    ['src/inbox/x.ts', '../chat/connection-registry.js', 'only src/app.module.ts imports chat/'],
    ['src/database/x.ts', '../chat/chat.module.js', 'only src/app.module.ts imports chat/'],
    ['src/health/x.ts', '../contract/frames.js', 'health/ may import only common/'],
    ['src/common/x.ts', '../config/app-config.js', 'common/ may import only contract/'],
    ['src/config/x.ts', '../database/database.js', 'config/ may import only common/'],
    ['src/broadcast/x.ts', '../users/users.service.js', 'broadcast/ may import only common/'],
    ['src/auth/x.ts', '../rooms/rooms.service.js', 'auth/ may import only users/'],
    ['src/contract/x.ts', '../common/auth-user.js', 'contract/ imports nothing outside'],
    ['src/contract/x.ts', 'class-validator', 'contract/ is shared with the SPA'],
    ['src/rooms/x.ts', '../search/search.service.js', 'rooms/ may import only users/'],
    ['src/rooms/x.ts', '../app.module.js', 'the files at the root of src/'],
    ['src/rooms/x.ts', '../../test/support/factories.js', 'src/ imports nothing from outside'],
    ['client/src/x.ts', '../../src/rooms/rooms.service.js', 'the client imports from src/ only'],
    ['client/src/chat/x.tsx', '../../../src/messages/x.js', 'the client imports from src/ only'],
  ])('%s importing %s is reported', async (file, from, message) => {
    const errors = await boundaryErrors(eslint, file, from);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ['src/rooms/x.ts', '../users/users.service.js'],
    ['src/rooms/dto/x.ts', '../../auth/auth.service.js'],
    ['src/rooms/dto/x.ts', '../rooms.service.js'],
    ['src/rooms/x.ts', './dto/room.response.js'],
    ['src/messages/x.ts', '../rooms/rooms.service.js'],
    ['src/inbox/x.ts', '../messages/messages.service.js'],
    ['src/inbox/dto/x.ts', '../../contract/rooms.js'],
    ['src/users/x.ts', '../common/auth-user.js'],
    ['src/auth/x.ts', '../broadcast/broadcaster.js'],
    ['src/health/x.ts', '../database/database.js'],
    ['src/contract/x.ts', './messages.js'],
    ['src/chat/x.ts', '../messages/messages.service.js'],
    ['src/database/x.ts', '../messages/message.entity.js'],
    ['src/app.module.ts', './chat/chat.module.js'],
    ['src/rooms/x.spec.ts', '../../test/support/unit-database.js'],
    ['client/src/x.ts', '@contract/frames.js'],
    ['client/src/x.ts', '../../src/contract/frames.js'],
    ['client/src/chat/x.tsx', './messages.js'],
    ['test/x.e2e-spec.ts', '../src/chat/chat.gateway.js'],
  ])('%s importing %s is allowed', async (file, from) => {
    expect(await boundaryErrors(eslint, file, from)).toEqual([]);
  });

  it('reports type-only imports and re-exports too', async () => {
    const code = [
      "import type { Message } from '../messages/message.entity.js';",
      "export { MessagesService } from '../messages/messages.service.js';",
      'export type Row = Message;',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: `${root}src/rooms/x.ts` });
    expect(result.messages.filter((m) => m.ruleId === RULE)).toHaveLength(2);
  });
});
