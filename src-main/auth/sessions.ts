import { v7 as uuidv7 } from 'uuid';

export type Session = {
  id: string;
  userId: string;
  clientId: string;
  createdAt: number;
  lastActive: number;
  locked: boolean;
  /** Wrong passwords typed on the lock screen; too many end the session. */
  unlockFailures: number;
};

/**
 * Sessions live in main, keyed by the client (an Electron window, or a browser session in the
 * test host). Handlers never take a user id from the renderer: identity comes from here.
 */
export class SessionManager {
  private readonly byClient = new Map<string, Session>();

  /** `onEnd`: told of each client whose session ended (what it held for the user goes too). */
  constructor(private readonly onEnd: (clientId: string) => void = () => undefined) {}

  get(clientId: string): Session | undefined {
    return this.byClient.get(clientId);
  }

  start(clientId: string, userId: string, now: number): Session {
    const s: Session = { id: uuidv7(), userId, clientId, createdAt: now, lastActive: now, locked: false, unlockFailures: 0 };
    this.byClient.set(clientId, s);
    return s;
  }

  end(clientId: string): Session | undefined {
    const s = this.byClient.get(clientId);
    this.byClient.delete(clientId);
    if (s) this.onEnd(clientId);
    return s;
  }

  /** Every session of a user, e.g. to end them when the account is disabled. */
  ofUser(userId: string): Session[] {
    return [...this.byClient.values()].filter((s) => s.userId === userId);
  }
}
