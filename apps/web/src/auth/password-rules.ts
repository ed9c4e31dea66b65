/** Shown beside the password when creating an account; the API enforces the same rule. */
export const passwordMinLength = 12;
export const passwordMaxLength = 128;
export const passwordRuleText = `Use ${passwordMinLength} to ${passwordMaxLength} characters. A passphrase of a few words works well.`;
