import { useState } from 'react';

import type { RoomKind } from '../api/types';
import { navigate } from '../router';
import { Icon } from './icons';

interface ChatHeaderProps {
  name: string | null;
  /** A direct room is named after people, without the "#"; a private one has a lock. */
  kind?: RoomKind;
  description: string | null;
  onlineCount: number;
  onlineShown: boolean;
  onToggleOnline: () => void;
  pinsShown?: boolean;
  onTogglePins?: () => void;
  /** Shown only to those who may leave (not the owner, not in a direct room). */
  canLeave: boolean;
  onLeave: () => Promise<void>;
  settingsShown?: boolean;
  onToggleSettings?: () => void;
}

export function ChatHeader(props: ChatHeaderProps) {
  const { name, description, onlineCount, canLeave, onLeave } = props;
  const [error, setError] = useState<string | null>(null);

  async function leave() {
    try {
      await onLeave();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not leave the room.');
    }
  }

  return (
    <header className="chat-header">
      <button
        type="button"
        className="button ghost back"
        onClick={() => navigate({ name: 'home' })}
        aria-label="Back to rooms"
      >
        ←
      </button>
      <div className="chat-title">
        <h1>
          {props.kind !== 'direct' && (
            <span className="hash" aria-hidden="true">
              {props.kind === 'private' ? <Icon name="lock" /> : '#'}
            </span>
          )}
          {name ?? '…'}
        </h1>
        <p className="chat-subtitle">
          <button
            type="button"
            className="online-toggle"
            onClick={props.onToggleOnline}
            aria-expanded={props.onlineShown}
            aria-controls="online-panel"
            aria-label={`${onlineCount} online: ${props.onlineShown ? 'hide' : 'show'} who`}
          >
            <span className="online-dot" aria-hidden="true" />
            {onlineCount} online
          </button>
          {description && <span className="chat-description"> · {description}</span>}
        </p>
      </div>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
      {props.onTogglePins && (
        <button
          type="button"
          className="button ghost small pins-toggle"
          onClick={props.onTogglePins}
          aria-expanded={props.pinsShown ?? false}
          aria-controls="pinned-panel"
          aria-label="Pinned messages"
          title="Pinned messages"
        >
          <Icon name="pin" />
        </button>
      )}
      {props.onToggleSettings && (
        <button
          type="button"
          className="button ghost small settings-toggle"
          onClick={props.onToggleSettings}
          aria-expanded={props.settingsShown ?? false}
          aria-controls="room-settings"
          aria-label="Room settings"
          title="Members and settings"
        >
          <Icon name="settings" />
        </button>
      )}
      {canLeave && (
        <button type="button" className="button ghost small" onClick={() => void leave()}>
          Leave room
        </button>
      )}
    </header>
  );
}
