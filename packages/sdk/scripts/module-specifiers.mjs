// Every module specifier a published file names: shared by check-package.mjs and the packaging
// test. Anchored to statement shapes, so that string literals such as the rate-limit class
// "import" in the declarations are not mistaken for module specifiers.
const PATTERNS = [
  /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\/\/\/\s*<reference\s+(?:types|path)\s*=\s*['"]([^'"]+)['"]/g,
];

/** @param {string} text @returns {string[]} */
export function moduleSpecifiers(text) {
  return PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]));
}
