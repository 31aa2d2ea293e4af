import { useState } from 'react';

import { safeAvatarUrl } from '../profile/avatarUrl';

interface AvatarProps {
  name: string;
  userId: number;
  url?: string | null;
  size?: 'small' | 'medium' | 'large';
}

/** A picture when the profile has a safe one that loads, else initials on a calm colour. */
export function Avatar({ name, userId, url, size = 'medium' }: AvatarProps) {
  const src = safeAvatarUrl(url);
  const [broken, setBroken] = useState<string | null>(null);
  const className = `avatar avatar-${size}`;
  if (src && broken !== src) {
    return (
      <img
        className={className}
        src={src}
        alt=""
        onError={() => setBroken(src)}
        referrerPolicy="no-referrer"
      />
    );
  }
  return (
    <span className={className} style={{ backgroundColor: colourFor(userId) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function initials(name: string): string {
  // Letters and digits only: "Bob <script>" gives "BS", not "B<".
  const [first = '?', second] = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  return (second ? first.charAt(0) + second.charAt(0) : first.slice(0, 2)).toUpperCase();
}

const PALETTE = [
  '#4f7a6e',
  '#6a6fa8',
  '#a0675b',
  '#5b7fa0',
  '#8a6a9b',
  '#7a8a4f',
  '#a0825b',
  '#5b9a92',
];

function colourFor(userId: number): string {
  return PALETTE[Math.abs(userId) % PALETTE.length];
}
