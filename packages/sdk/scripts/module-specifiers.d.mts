export function moduleSpecifiers(text: string): string[];
