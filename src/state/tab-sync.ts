/**
 * Tells the studio's other tabs that this one saved something, so they show it too. Each tab
 * reads IndexedDB itself; the message only says which part to read again. A tab never hears its
 * own messages (BroadcastChannel does not echo to the sender), so refreshing never loops.
 */

/**
 * What another tab saved:
 * - `projects`: a project was created, renamed or deleted, or its record changed (selected model);
 * - `project`: the project's datasets, pipelines (recipe, rules, split) or models changed;
 * - `log`: the project's inference log grew or was cleared.
 */
export interface TabChange {
  kind: 'projects' | 'project' | 'log';
  projectId: string;
}

export const TAB_CHANNEL = 'ml-studio';

const KINDS: ReadonlySet<unknown> = new Set<TabChange['kind']>(['projects', 'project', 'log']);

/** A message from another tab, checked: any page of the origin may post on the channel. */
export function isTabChange(value: unknown): value is TabChange {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, projectId } = value as Record<string, unknown>;
  return KINDS.has(kind) && typeof projectId === 'string';
}

export class TabSync {
  readonly #channel: BroadcastChannel | null;

  /** Listens for other tabs' changes; without BroadcastChannel it does nothing at all. */
  constructor(onChange: (change: TabChange) => void, name = TAB_CHANNEL) {
    this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name);
    this.#channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (isTabChange(event.data)) onChange({ kind: event.data.kind, projectId: event.data.projectId });
    });
  }

  /** Announces a change that has been saved (committed), never one about to be. */
  publish(change: TabChange): void {
    // Other tabs only miss a refresh if this fails; the save itself already happened.
    try {
      this.#channel?.postMessage(change);
    } catch {
      /* the channel was closed */
    }
  }

  close(): void {
    this.#channel?.close();
  }
}
