// Start-up as apps/api's main.ts does it; spawned by process.test.ts with a chosen environment.
import { exitOnSettingsError, loadSettingsFromProcess } from '../process.js';

try {
  const settings = loadSettingsFromProcess();
  process.stdout.write(`loaded ${settings.appEnv} on port ${settings.port}\n`);
} catch (error) {
  exitOnSettingsError(error);
}
