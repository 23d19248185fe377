import type { EventName, EventPayload } from '../../src-shared/rpc/events';

type Listener = (name: EventName, payload: unknown) => void;

/** Main → renderer events, addressed to one client (a window, or a browser session in the test host). */
export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(clientId: string, l: Listener): () => void {
    let set = this.listeners.get(clientId);
    if (!set) this.listeners.set(clientId, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  }

  emit<E extends EventName>(clientId: string, name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(clientId) ?? []) l(name, payload);
  }
}
