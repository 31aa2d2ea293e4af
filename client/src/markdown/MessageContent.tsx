import '../styles/rich.css';

import type { UserRef } from '@contract/messages.js';
import { type ComponentProps, memo, useMemo } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';

import { rehypeBlockWhitespace, remarkLiterals, remarkMentions } from './remarkChat';
import { safeUrl } from './safeUrl';

interface MessageContentProps {
  content: string;
  mentions: UserRef[];
  mentionsRoom: boolean;
  meId: number;
}

type Extra = { node?: unknown };

function Link({ href, children }: ComponentProps<'a'> & Extra) {
  if (!href) return <span className="md-link-text">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

// Chat, not documents: a heading is a bold line, never a page title.
function Heading({ children }: ComponentProps<'h1'> & Extra) {
  return (
    <p className="md-heading">
      <strong>{children}</strong>
    </p>
  );
}

const REHYPE_PLUGINS: Options['rehypePlugins'] = [rehypeBlockWhitespace];

const components: Components = {
  a: Link,
  h1: Heading,
  h2: Heading,
  h3: Heading,
  h4: Heading,
  h5: Heading,
  h6: Heading,
};

/**
 * A message's Markdown (CommonMark + GFM). Raw HTML is shown as text (no rehype-raw, ever),
 * images as the text that was typed, links open in a new tab without an opener.
 */
export const MessageContent = memo(function MessageContent({
  content,
  mentions,
  mentionsRoom,
  meId,
}: MessageContentProps) {
  const remarkPlugins = useMemo((): Options['remarkPlugins'] => {
    const users = new Map(
      mentions.map((user) => [
        user.username.toLowerCase(),
        user.id === meId ? 'mention mention-me' : 'mention',
      ]),
    );
    return [remarkGfm, remarkLiterals, [remarkMentions, { users, mentionsRoom }]];
  }, [mentions, mentionsRoom, meId]);

  return (
    <div className="markdown">
      <Markdown
        remarkPlugins={remarkPlugins}
        rehypePlugins={REHYPE_PLUGINS}
        components={components}
        urlTransform={safeUrl}
      >
        {content}
      </Markdown>
    </div>
  );
});
