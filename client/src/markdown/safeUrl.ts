import { defaultUrlTransform } from 'react-markdown';

const LINKABLE = /^(https?:|mailto:)/i;

/**
 * Only http, https and mailto URLs survive; anything else (javascript:, data:, relative
 * paths) becomes "", which MessageContent renders as plain text instead of a link.
 */
export function safeUrl(url: string): string {
  const safe = defaultUrlTransform(url.trim());
  return LINKABLE.test(safe) ? safe : '';
}
