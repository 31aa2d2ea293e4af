import type { Attachment } from '../api/types';

/**
 * A line for where a message is quoted in one line (the room list, a pin, a desktop alert,
 * the reply bar): its text, or what it carries when it has no text.
 */
export function messageSummary(content: string, attachments: readonly Attachment[] = []): string {
  if (content.trim() || !attachments.length) return content;
  if (attachments.length > 1) return `📎 ${attachments.length} attachments`;
  const [only] = attachments;
  return only.kind === 'voice' ? '🎤 Voice message' : `📎 ${only.name}`;
}
