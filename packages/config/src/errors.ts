/**
 * Every configuration problem found while loading, as one error.
 * Each problem names the variable and the rule it breaks, never a secret's value.
 */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly problems: string[];

  constructor(problems: readonly string[]) {
    super(['Invalid configuration:', ...problems.map((problem) => ` - ${problem}`)].join('\n'));
    this.problems = [...problems];
  }
}
