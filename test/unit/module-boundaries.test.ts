// The lint rule that keeps a module's insides its own (eslint/module-boundaries.js).
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { moduleBoundaries } from '../../eslint/module-boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const inClients = '/repo/src/modules/clients/selectors.ts';

tester.run('module-boundaries', moduleBoundaries, {
  valid: [
    { filename: inClients, code: "import { USER_ROW } from '../users/index.js';" },
    { filename: inClients, code: "import { CLIENT_ROW } from './models.js';" },
    { filename: '/repo/src/modules/education/selectors/courses.ts', code: "import { x } from '../common.js';" },
    { filename: inClients, code: "import { sql } from 'drizzle-orm'; import { y } from '../../db/compiled.js';" },
    { filename: '/repo/src/events/sweeps.ts', code: "import { notificationCreate } from '../modules/notifications/index.js';" },
  ],
  invalid: [
    { filename: inClients, code: "import { USER_ROW } from '../users/models.js';", errors: [{ messageId: 'internal' }] },
    { filename: inClients, code: "import type { UserModel } from '../users/models.js';", errors: [{ messageId: 'internal' }] },
    {
      filename: '/repo/src/modules/education/selectors/courses.ts',
      code: "import { clientScope } from '../../clients/scope.js';",
      errors: [{ messageId: 'internal' }],
    },
    {
      filename: '/repo/src/http/uploads.ts',
      code: "export { pictureUrl } from '../modules/clients/picture.js';",
      errors: [{ messageId: 'internal' }],
    },
    {
      filename: '/repo/src/cli/tenant.ts',
      code: "const m = import('../modules/platform/services.js');",
      errors: [{ messageId: 'internal' }],
    },
  ],
});
