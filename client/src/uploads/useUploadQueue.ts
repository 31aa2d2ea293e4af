import { useEffect, useState, useSyncExternalStore } from 'react';

import { useSession } from '../session/SessionContext';
import { type UploadFn, UploadQueue, type UploadQueueState } from './uploadQueue';

/** One queue for the open room, uploading through the session's API client. */
export function useUploadQueue(upload?: UploadFn): UploadQueue {
  const { api } = useSession();
  const [queue] = useState(
    () => new UploadQueue(upload ?? ((file, options) => api.upload(file, options))),
  );
  // Leaving the room cancels what is still uploading.
  useEffect(() => () => queue.dispose(), [queue]);
  return queue;
}

const EMPTY: UploadQueueState = { items: [], notice: null };
const noUpdates = () => () => {};
const empty = () => EMPTY;

/** The queue's chips and notice; nothing without a queue. */
export function useUploadQueueState(queue?: UploadQueue): UploadQueueState {
  return useSyncExternalStore(queue?.subscribe ?? noUpdates, queue?.getSnapshot ?? empty);
}
