export type {
  AppEnv,
  CspMode,
  DatabaseSettings,
  JwtSettings,
  LogFormat,
  LogLevel,
  RateLimitSettings,
  Settings,
} from './settings.js';
export { SettingsError } from './errors.js';
export { KNOWN_VARIABLES, loadSettings, type LoadSettingsOptions } from './load.js';
export { exitOnSettingsError, loadSettingsFromProcess, loadSettingsOrExit } from './process.js';
export { SECRET_VARIABLES } from './secret-files.js';
export { EXAMPLE_JWT_SECRET, MIN_SECRET_BYTES } from './secret-strength.js';
